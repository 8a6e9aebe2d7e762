//! `fokus package`: the built site as one zip — plain, or as an LMS package
//! (SCORM 1.2 or cmi5).
//!
//! Every package is made from the same in-memory build as `fokus build`
//! (participant edition for the LMS packages). An LMS package adds a launch
//! page rendered from the theme's `lms.html` (it keeps the LMS connection open
//! while the learner moves between the site's pages in a frame), the adapter
//! script, and the manifest the standard asks for; the site's own pages are
//! byte for byte those of `fokus build`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Value, json};

use crate::build::{BuildOptions, BuildStats, build};
use crate::config::CourseConfig;
use crate::config::Edition;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::OutputFile;
use crate::render::Theme;

pub mod cmi5;
pub mod questions;
pub mod scorm12;
pub mod zip;

/// What kind of package to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageKind {
    /// The site as it is, for a USB stick or a network drive.
    Zip,
    /// SCORM 1.2: `imsmanifest.xml`, one SCO.
    Scorm12,
    /// cmi5: `cmi5.xml`, one AU.
    Cmi5,
}

impl PackageKind {
    /// The name used on the command line and in file names.
    pub fn name(self) -> &'static str {
        match self {
            PackageKind::Zip => "zip",
            PackageKind::Scorm12 => "scorm12",
            PackageKind::Cmi5 => "cmi5",
        }
    }
}

/// A package ready to write.
#[derive(Debug)]
pub struct Package {
    pub files: Vec<OutputFile>,
    pub warnings: Diagnostics,
    pub stats: BuildStats,
}

/// The adapter scripts, minified when packaged.
const SCORM12_JS: &str = include_str!("../../themes/default/lms/lms-scorm12.js");
const CMI5_JS: &str = include_str!("../../themes/default/lms/lms-cmi5.js");

/// The launch page an LMS opens (the SCO's or AU's URL).
pub const SCORM12_LAUNCH: &str = "scorm12.html";
pub const CMI5_LAUNCH: &str = "cmi5.html";

/// The key the site's scripts store answers under (`fokus:<key>:…`), as the build sets it.
pub fn course_key(config: &CourseConfig) -> String {
    let key = crate::names::slug(&config.title);
    if key.is_empty() {
        "kursus".to_string()
    } else {
        key
    }
}

/// Build the course and assemble the package's files. LMS packages are always
/// the participant edition, whatever `opts.edition` says.
pub fn package(opts: &BuildOptions, kind: PackageKind) -> Result<Package, Diagnostics> {
    let mut opts = opts.clone();
    if kind != PackageKind::Zip {
        opts.edition = Edition::Participant;
    }
    let site = build(&opts)?;
    let mut files = site.files;
    if kind != PackageKind::Zip {
        let config = CourseConfig::load(&opts.root).map_err(Diagnostics::from)?;
        let theme = Theme::load(&opts.root, &config)?;
        let extra = lms_files(&config, &theme, kind, &files).map_err(Diagnostics::from)?;
        for f in &extra {
            if files.iter().any(|s| s.path == f.path) {
                return Err(Diagnostics::from(
                    Diagnostic::general(t!("package.taken", path = &f.path, kind = kind.name()))
                        .help(t!("package.taken_help")),
                ));
            }
        }
        files.extend(extra);
        let manifest = match kind {
            PackageKind::Scorm12 => scorm12::files(&config, &files),
            PackageKind::Cmi5 => cmi5::files(&config),
            PackageKind::Zip => Vec::new(),
        };
        files.extend(manifest);
    }
    let mut stats = site.stats;
    stats.files = files.len();
    Ok(Package {
        files,
        warnings: site.warnings,
        stats,
    })
}

fn file(path: &str, bytes: Vec<u8>) -> OutputFile {
    OutputFile {
        path: path.to_string(),
        bytes: Arc::new(bytes),
    }
}

/// The launch page, the adapter script and (SCORM) the table of questions.
fn lms_files(
    config: &CourseConfig,
    theme: &Theme,
    kind: PackageKind,
    site: &[OutputFile],
) -> Result<Vec<OutputFile>, Diagnostic> {
    let (launch, script_name, script) = match kind {
        PackageKind::Scorm12 => (SCORM12_LAUNCH, "lms-scorm12.js", SCORM12_JS),
        _ => (CMI5_LAUNCH, "lms-cmi5.js", CMI5_JS),
    };
    let mut ctx = tera::Context::new();
    ctx.insert(
        "site",
        &json!({
            "title": config.title,
            "lang": config.language.code(),
            "key": course_key(config),
            "completion": crate::completion::rule_json(config),
        }),
    );
    ctx.insert(
        "t",
        &serde_json::to_value(&theme.strings).unwrap_or(Value::Null),
    );
    ctx.insert("kind", kind.name());
    ctx.insert("script", script_name);
    ctx.insert("data_script", &(kind == PackageKind::Scorm12));
    let html = theme.render("lms.html", &ctx)?;
    let mut out = vec![
        file(launch, html.into_bytes()),
        file(
            &format!("{}/{script_name}", crate::route::ASSETS_DIR),
            crate::render::minify_js(script).into_bytes(),
        ),
    ];
    if kind == PackageKind::Scorm12 {
        let table = questions::table(site);
        out.push(file(
            &format!("{}/lms-data.js", crate::route::ASSETS_DIR),
            format!(
                "window.fokusQuestions={};\n",
                crate::escape::script_json(&table)
            )
            .into_bytes(),
        ));
    }
    Ok(out)
}

/// Where the package goes when `--out` is not given: beside `course.yaml`.
pub fn default_out(
    root: &Path,
    config: &CourseConfig,
    kind: PackageKind,
    edition: Edition,
) -> PathBuf {
    let key = course_key(config);
    let name = match (kind, edition) {
        (PackageKind::Zip, Edition::Trainer) => format!("{key}-underviser.zip"),
        (PackageKind::Zip, Edition::Participant) => format!("{key}.zip"),
        (k, _) => format!("{key}-{}.zip", k.name()),
    };
    root.join(name)
}
