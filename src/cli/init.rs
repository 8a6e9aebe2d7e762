//! `fokus init <dir>`: a new, small course that builds.

use std::path::PathBuf;

use super::{Outcome, Output};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Arguments of `fokus init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create the course in (new or empty).
    pub dir: PathBuf,
    /// The course title.
    #[arg(long, default_value = "Mit kursus")]
    pub title: String,
    /// The course's language: of its site, its messages and the new files.
    #[arg(long, value_enum, default_value_t = LanguageArg::Da)]
    pub language: LanguageArg,
}

/// `--language` of `fokus init`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LanguageArg {
    Da,
    En,
}

pub fn run(args: InitArgs, out: &Output) -> Outcome {
    match init(&args) {
        Ok(()) => {
            let lang = crate::messages::env_language();
            let dir = args.dir.display().to_string();
            let say = |t: crate::messages::Text| t.render(lang);
            eprintln!("{}", say(t!("init.done", dir = &dir)));
            eprintln!(
                "  1. {}\n       fokus --root {dir} serve",
                say(t!("init.step_serve"))
            );
            eprintln!("  2. {}", say(t!("init.step_edit", dir = &dir)));
            eprintln!(
                "  3. {}\n       fokus --root {dir} check",
                say(t!("init.step_check"))
            );
            eprintln!(
                "  4. {}\n       fokus --root {dir} build",
                say(t!("init.step_build", dir = &dir))
            );
            Outcome::Ok
        }
        Err(d) => {
            out.diagnostics(&Diagnostics::from(d));
            Outcome::UsageError
        }
    }
}

fn init(args: &InitArgs) -> Result<(), Diagnostic> {
    let dir = &args.dir;
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(
                Diagnostic::general(t!("init.not_empty", dir = dir.display()))
                    .help(t!("init.not_empty_help")),
            );
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::general(t!("io.cannot_write", path = dir.display(), error = &e))
    })?;
    let title = args.title.replace('"', "'");
    // The new course's language (Danish unless asked), not the environment's:
    // the files must speak the language the course will speak.
    let lang = match args.language {
        LanguageArg::Da => crate::messages::Language::Da,
        LanguageArg::En => crate::messages::Language::En,
    };
    let code = lang.code();
    let config = format!(
        "{{c:course_title}}\ntitle: \"{title}\"\nsubtitle: {{p:subtitle}}\n{{c:course_language}}\nlanguage: {code}\norganisation: \"\"\n{{c:course_theme}}\ntheme: default\nfooter: \"\"\n"
    );
    let config = crate::placeholders::fill(&config, lang);
    std::fs::write(dir.join(crate::config::CONFIG_FILE), config).map_err(|e| {
        Diagnostic::general(t!("io.cannot_write", path = "course.yaml", error = &e))
    })?;
    std::fs::create_dir_all(dir.join("content"))
        .map_err(|e| Diagnostic::general(t!("io.cannot_write", path = "content/", error = &e)))?;
    std::fs::write(
        dir.join("content").join(crate::content::INDEX_FILE),
        crate::placeholders::fill("---\ntitle: Velkommen\n---\n\n{p:home}\n", lang),
    )
    .map_err(|e| {
        Diagnostic::general(t!(
            "io.cannot_write",
            path = "content/_index.md",
            error = &e
        ))
    })?;
    super::new::new_module(dir, "introduktion/velkommen", lang)?;
    super::new::new_exercise(dir, "foerste-opgave", None, lang)?;
    // Embed the new exercise in the new module so the course shows one from the start.
    let module = dir.join("content/introduktion/velkommen.md");
    let text = std::fs::read_to_string(&module)
        .map_err(|e| Diagnostic::general(t!("source.cannot_read", error = &e)))?;
    std::fs::write(&module, format!("{text}\n```opgave\nfoerste-opgave\n```\n")).map_err(|e| {
        Diagnostic::general(t!("io.cannot_write", path = module.display(), error = &e))
    })?;
    Ok(())
}
