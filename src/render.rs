//! Themes and templates: loading the Tera templates and static assets in
//! their order of precedence, and rendering a page.
//!
//! Precedence, lowest first: the built-in default theme; the course's
//! `themes/<theme>/` folder; the course's own `templates/` and `static/`.
//! A file at the same relative path in a later layer replaces the earlier one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::CourseConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::folders;
use crate::i18n::Strings;
use crate::memo::{Memo, fingerprint};

macro_rules! builtin {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../themes/default/", $path)) as &[u8])),*]
    };
}

/// The default theme, compiled in so every course can build without a copy.
const BUILTIN: &[(&str, &[u8])] = builtin![
    "templates/base.html",
    "templates/index.html",
    "templates/part.html",
    "templates/module.html",
    "templates/page.html",
    "templates/exercise.html",
    "templates/exercises.html",
    "templates/404.html",
    "templates/print.html",
    "templates/progress.html",
    "templates/answer_key.html",
    "templates/dayplan.html",
    "templates/sw.js",
    "templates/slides.html",
    "templates/handout.html",
    "templates/tools.html",
    "templates/quiz/exercise.html",
    "templates/quiz/question.html",
    "templates/quiz/choice.html",
    "templates/quiz/order.html",
    "templates/quiz/match.html",
    "templates/quiz/text.html",
    "templates/quiz/reflection.html",
    "templates/quiz/branching.html",
    "templates/quiz/scale.html",
    "templates/quiz/key.html",
    "templates/quiz/key-map.html",
    "templates/quiz/answer-key.html",
    "templates/quiz/embed.html",
    "templates/quiz/card.html",
    "templates/lms.html",
    "static/assets/fokus.css",
    "static/assets/slides.css",
    "static/assets/slides.js",
    "static/assets/handout.css",
    "static/assets/fokus.js",
    "static/assets/search.js",
    "static/assets/progress.js",
    "static/assets/completion.js",
    "static/assets/dashboard.js",
    "static/assets/search.css",
    "static/assets/pages.css",
    "static/assets/offline.js",
    "static/assets/certificate.js",
    "static/assets/certificate.css",
    "static/assets/transfer.js",
    "static/assets/selfcheck.js",
    "static/assets/print.js",
    "static/assets/paged.min.js",
];

/// The stylesheets the print pages link, by their path in the site; their
/// text also goes to [`crate::route::Route::PrintStyles`].
pub const PRINT_STYLESHEETS: &[&str] = &["assets/fokus.css", "assets/pages.css"];

/// The templates every theme must provide (the built-in theme provides all).
pub const PAGE_TEMPLATES: &[&str] = &[
    "index.html",
    "part.html",
    "module.html",
    "page.html",
    "exercise.html",
    "exercises.html",
    "404.html",
    "print.html",
    "progress.html",
    "answer_key.html",
    "dayplan.html",
    "slides.html",
    "handout.html",
    "tools.html",
];

/// A loaded theme: parsed templates, assets to copy and interface strings.
#[derive(Clone)]
pub struct Theme {
    tera: tera::Tera,
    /// Fingerprint of every template's source, for reusing rendered pages.
    pub fingerprint: u64,
    /// Output path (relative to the site root) → bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
    pub strings: Strings,
    /// The `script-src` hashes of the templates' inline scripts (see [`crate::csp`]).
    pub csp_scripts: String,
}

impl Theme {
    /// Load the theme named in `config` for the course at `root`.
    pub fn load(root: &Path, config: &CourseConfig) -> Result<Theme, Diagnostics> {
        Theme::load_with(root, config, &Memo::none())
    }

    /// Load the theme, reusing the compiled theme of an earlier build from
    /// `memo` while its files are unchanged.
    pub fn load_with(
        root: &Path,
        config: &CourseConfig,
        memo: &Memo,
    ) -> Result<Theme, Diagnostics> {
        let mut diags = Diagnostics::new();
        let mut templates: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        let mut assets: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let mut strings = Strings::builtin(config.language);

        for (path, bytes) in BUILTIN {
            if let Some(name) = path.strip_prefix("templates/") {
                let text = String::from_utf8_lossy(bytes).into_owned();
                templates.insert(
                    name.to_string(),
                    (PathBuf::from("(built-in)").join(path), text),
                );
            } else if let Some(out) = path.strip_prefix("static/") {
                assets.insert(out.to_string(), bytes.to_vec());
            }
        }

        let theme_dir = PathBuf::from(folders::THEMES).join(&config.theme);
        if root.join(&theme_dir).is_dir() {
            read_layer(
                root,
                &theme_dir.join(folders::TEMPLATES),
                &theme_dir.join(folders::STATIC),
                &mut templates,
                &mut assets,
                &mut diags,
            );
            let i18n = theme_dir
                .join("i18n")
                .join(format!("{}.yaml", config.language.code()));
            if root.join(&i18n).is_file() {
                match crate::source::read_course_text(root, &i18n)
                    .and_then(|t| crate::yaml::parse::<BTreeMap<String, String>>(&t, &i18n, 1))
                {
                    Ok(table) => strings.overlay(table),
                    Err(d) => diags.push(d),
                }
            }
        } else if config.theme != "default" {
            diags.push(
                Diagnostic::error(
                    crate::config::CONFIG_FILE,
                    t!("render.no_theme", theme = &config.theme),
                )
                .help(t!("render.no_theme_help", dir = theme_dir.display())),
            );
        }
        // The theme's own scripts and styles are written readably and shipped
        // small (a course's own files are copied as they are; `.min.js` files
        // come small).
        for (path, bytes) in assets.iter_mut() {
            let minify: fn(&str) -> String = if path.ends_with(".min.js") {
                continue;
            } else if path.ends_with(".css") {
                minify_css
            } else if path.ends_with(".js") {
                minify_js
            } else {
                continue;
            };
            let small = memo.get_or("minify", fingerprint(&(path, &*bytes)), || {
                minify(&String::from_utf8_lossy(bytes)).into_bytes()
            });
            *bytes = Vec::clone(&small);
        }
        read_layer(
            root,
            Path::new(folders::TEMPLATES),
            Path::new(folders::STATIC),
            &mut templates,
            &mut assets,
            &mut diags,
        );

        if diags.has_errors() {
            // What can be compiled is, so that one run reports every problem.
            if let Err(more) = Theme::compile(templates, assets, strings) {
                diags.extend(more);
            }
            return Err(diags);
        }
        // Compiling the templates and shrinking the assets is most of the
        // work: a rebuild with the same theme files reuses the result.
        let key = fingerprint(&(&templates, &assets, &strings));
        Result::clone(&memo.get_or("theme", key, || Theme::compile(templates, assets, strings)))
    }

    /// The theme made from its files: templates compiled, scripts and
    /// styles minified, inline scripts hashed for the CSP.
    fn compile(
        templates: BTreeMap<String, (PathBuf, String)>,
        mut assets: BTreeMap<String, Vec<u8>>,
        strings: Strings,
    ) -> Result<Theme, Diagnostics> {
        let mut diags = Diagnostics::new();
        assets.insert(
            crate::route::Route::PrintStyles.url(),
            print_styles(&assets).into_bytes(),
        );
        let mut tera = tera::Tera::new();
        // Templates are added together so that inheritance between them resolves.
        if let Err(e) = tera.add_raw_templates(
            templates
                .iter()
                .map(|(name, (_, text))| (name.as_str(), text.as_str())),
        ) {
            let file = templates
                .iter()
                .find(|(name, _)| e.to_string().contains(name.as_str()))
                .map(|(_, (file, _))| file.clone())
                .unwrap_or_else(|| PathBuf::from(folders::TEMPLATES));
            diags.push(template_error(&file, &e));
        }
        for name in PAGE_TEMPLATES {
            if !tera.contains_template(name) && !diags.has_errors() {
                diags.push(Diagnostic::general(t!("render.no_template", name)));
            }
        }
        let csp_scripts = crate::csp::script_hashes(
            templates
                .iter()
                .map(|(name, (_, text))| (name.as_str(), text.as_str())),
        )
        .unwrap_or_else(|name| {
            let file = templates
                .get(&name)
                .map(|(file, _)| file.clone())
                .unwrap_or_default();
            diags.push(
                Diagnostic::error(file, t!("render.inline_script_template"))
                    .help(t!("render.inline_script_template_help")),
            );
            String::new()
        });
        if diags.has_errors() {
            return Err(diags);
        }
        let fingerprint = crate::memo::fingerprint(
            &templates
                .iter()
                .map(|(name, (_, text))| (name, text))
                .collect::<Vec<_>>(),
        );
        Ok(Theme {
            tera,
            fingerprint,
            assets,
            strings,
            csp_scripts,
        })
    }

    /// Values every page shares, set once per build instead of per page.
    pub fn set_globals(&mut self, values: &[(&'static str, &serde_json::Value)]) {
        let globals = self.tera.global_context();
        for (key, value) in values {
            globals.insert(*key, value);
        }
    }

    /// Render `template` with `context`.
    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|e| template_error(&PathBuf::from(folders::TEMPLATES).join(template), &e))
    }

    /// As [`Theme::render`], as the bytes of a file: without the check that
    /// they are UTF-8 (they are: templates and values are strings), which
    /// costs a pass over every page, and with room for `size` bytes at once.
    pub fn render_bytes(
        &self,
        template: &str,
        context: &tera::Context,
        size: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(size);
        self.tera
            .render_to(template, context, &mut out)
            .map_err(|e| template_error(&PathBuf::from(folders::TEMPLATES).join(template), &e))?;
        Ok(out)
    }
}

/// The print pages' stylesheets as a script (`window.fokusPrintStyles`, path
/// → text): the print script hands them to Paged.js, which cannot read a
/// stylesheet itself when the page is opened from disk.
fn print_styles(assets: &BTreeMap<String, Vec<u8>>) -> String {
    let texts: BTreeMap<&str, std::borrow::Cow<str>> = PRINT_STYLESHEETS
        .iter()
        .filter_map(|path| Some((*path, String::from_utf8_lossy(assets.get(*path)?))))
        .collect();
    format!(
        "window.fokusPrintStyles={};\n",
        crate::escape::script_json(&texts)
    )
}

/// Shrink a theme stylesheet; on a minifier error the original is shipped.
pub fn minify_css(css: &str) -> String {
    minifier::css::minify(css).map_or_else(|_| css.to_string(), |m| m.to_string())
}

/// Shrink a theme script; on a minifier error the original is shipped.
pub fn minify_js(js: &str) -> String {
    minifier::js::minify(js).map_or_else(|_| js.to_string(), |m| m.to_string())
}

fn template_error(file: &Path, e: &tera::Error) -> Diagnostic {
    // Tera's error chain holds the useful detail (which variable, which line).
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Diagnostic::error(file, t!("render.template", message = message.trim()))
        .help(t!("render.template_help"))
}

/// Read one layer of overrides: `templates_dir/*.html` and `static_dir/**`.
fn read_layer(
    root: &Path,
    templates_dir: &Path,
    static_dir: &Path,
    templates: &mut BTreeMap<String, (PathBuf, String)>,
    assets: &mut BTreeMap<String, Vec<u8>>,
    diags: &mut Diagnostics,
) {
    for (rel, _) in files_under(root, templates_dir, diags) {
        if rel.ends_with(".html") || rel.ends_with(".js") {
            let shown = templates_dir.join(&rel);
            match crate::source::read_course_text(root, &shown) {
                Ok(text) => {
                    templates.insert(rel, (shown, text));
                }
                Err(d) => diags.push(d),
            }
        }
    }
    for (rel, _) in files_under(root, static_dir, diags) {
        match crate::source::read_course_bytes(root, &static_dir.join(&rel)) {
            Ok(bytes) => {
                assets.insert(rel, bytes);
            }
            Err(d) => diags.push(d),
        }
    }
}

/// Files below `root/dir`, as (path relative to `dir` with `/`, full path).
pub fn files_under(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<(String, PathBuf)> {
    crate::source::walk_files(root, dir, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minified_theme_assets_are_smaller_and_keep_their_code() {
        let css = String::from_utf8_lossy(
            BUILTIN
                .iter()
                .find(|(p, _)| p.ends_with("fokus.css"))
                .unwrap()
                .1,
        )
        .into_owned();
        let js = String::from_utf8_lossy(
            BUILTIN
                .iter()
                .find(|(p, _)| p.ends_with("fokus.js"))
                .unwrap()
                .1,
        )
        .into_owned();
        let (mc, mj) = (minify_css(&css), minify_js(&js));
        assert!(mc.len() < css.len() * 9 / 10 && mc.contains(".skip-link"));
        assert!(mj.len() < js.len() * 8 / 10 && mj.contains("fokusToc"));
    }

    #[test]
    fn the_print_styles_script_holds_the_stylesheets_the_course_ends_up_with() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::write(root.join("course.yaml"), "title: Kursus\n").unwrap();
        std::fs::create_dir_all(root.join("static/assets")).unwrap();
        std::fs::write(
            root.join("static/assets/pages.css"),
            ".egen-regel { color: red; }",
        )
        .unwrap();
        let config = CourseConfig::load(root).expect("config");
        let theme = Theme::load(root, &config).expect("theme");
        let script = String::from_utf8_lossy(&theme.assets["assets/print-styles.js"]).into_owned();
        let json = script
            .strip_prefix("window.fokusPrintStyles=")
            .and_then(|s| s.trim_end().strip_suffix(';'))
            .expect("one assignment");
        let texts: BTreeMap<String, String> = serde_json::from_str(json).expect("JSON");
        assert_eq!(
            texts.keys().map(String::as_str).collect::<Vec<_>>(),
            PRINT_STYLESHEETS
        );
        // The course's own pages.css replaces the theme's, as on the page.
        assert_eq!(texts["assets/pages.css"], ".egen-regel { color: red; }");
        assert_eq!(
            texts["assets/fokus.css"].as_bytes(),
            theme.assets["assets/fokus.css"].as_slice()
        );
        // Paged.js comes small already and is shipped as it is.
        let paged = BUILTIN
            .iter()
            .find(|(p, _)| p.ends_with("paged.min.js"))
            .expect("built in")
            .1;
        assert_eq!(theme.assets["assets/paged.min.js"].as_slice(), paged);
    }
}
