//! `fokus package`: the built site as a zip, plain or as an LMS package.

use std::path::{Path, PathBuf};

use super::{Outcome, Output};
use crate::build::BuildOptions;
use crate::config::CourseConfig;
use crate::config::Edition;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::package::{self, PackageKind};

/// The kinds of package, as written on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum KindArg {
    /// SCORM 1.2 for an LMS (imsmanifest.xml, one SCO).
    Scorm12,
    /// cmi5 for an LMS (cmi5.xml, one AU).
    Cmi5,
    /// The site as it is, to unpack on a USB stick or a network drive.
    Zip,
}

/// Arguments of `fokus package`.
#[derive(Debug, clap::Args)]
pub struct PackageArgs {
    /// What to make: scorm12, cmi5 or zip.
    #[arg(value_enum)]
    pub kind: KindArg,
    /// The zip to write [default: <course>-<kind>.zip in the course folder].
    #[arg(long, value_name = "FILE.zip")]
    pub out: Option<PathBuf>,
    /// Edition (zip only; LMS packages are always the participant edition).
    #[arg(long, value_enum)]
    pub edition: Option<super::EditionArg>,
    /// Include modules and pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

pub fn run(root: &Path, args: PackageArgs, out: &Output) -> Outcome {
    let kind = match args.kind {
        KindArg::Scorm12 => PackageKind::Scorm12,
        KindArg::Cmi5 => PackageKind::Cmi5,
        KindArg::Zip => PackageKind::Zip,
    };
    let edition: Edition = args.edition.map_or(Edition::Participant, Edition::from);
    if kind != PackageKind::Zip && edition == Edition::Trainer {
        out.diagnostics(&Diagnostics::from(
            Diagnostic::general(t!("package.participant_only", kind = kind.name()))
                .help(t!("package.participant_only_help")),
        ));
        return Outcome::UsageError;
    }
    let target = match args.out {
        Some(p) if p.is_absolute() => p,
        Some(p) => std::env::current_dir().unwrap_or_default().join(p),
        None => match CourseConfig::load(root) {
            Ok(config) => package::default_out(root, &config, kind, edition),
            Err(d) => {
                out.diagnostics(&Diagnostics::from(d));
                return Outcome::ContentErrors;
            }
        },
    };
    if let Err(d) = package::zip::check_target(root, &target) {
        out.diagnostics(&Diagnostics::from(d));
        return Outcome::UsageError;
    }
    let opts = BuildOptions {
        edition,
        drafts: args.drafts,
        ..BuildOptions::new(root)
    };
    match package::package(&opts, kind) {
        Ok(p) => {
            out.diagnostics(&p.warnings);
            if let Err(d) = package::zip::write(&target, &p.files) {
                out.diagnostics(&Diagnostics::from(d));
                return Outcome::ContentErrors;
            }
            out.say(t!(
                "status.packaged",
                summary = super::summary(&p.stats),
                kind = kind.name(),
                out = target.display()
            ));
            Outcome::Ok
        }
        Err(d) => {
            out.diagnostics(&d);
            out.tally(&d);
            out.say(t!("status.package_failed", out = target.display()));
            Outcome::ContentErrors
        }
    }
}
