//! The command line in the trainer's language: `--help` texts, headings and
//! the errors of a wrong command line, from the message table.
//!
//! clap's derive gives the structure (commands, flags, types); this file
//! replaces every text a trainer reads with `cli.*` messages in the
//! course's language (outside a course, the environment's), and keeps the
//! help within 80 columns.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::error::{ContextKind, ErrorKind};
use clap::{Command, CommandFactory};

use super::Cli;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::messages::{Language, Text, table};

/// The width `--help` is wrapped to.
pub const WIDTH: usize = 80;

fn text(lang: Language, key: &str) -> Option<&'static str> {
    table(lang).get(key).map(String::as_str)
}

fn word(lang: Language, key: &str) -> &'static str {
    text(lang, key).unwrap_or("")
}

/// The help text of argument `id` of the command at `path` (`cli.build`):
/// its own, else the one shared by every command (`cli.arg.<id>`).
pub fn arg_help(lang: Language, path: &str, id: &str) -> Option<&'static str> {
    text(lang, &format!("{path}.arg.{id}")).or_else(|| text(lang, &format!("cli.arg.{id}")))
}

/// The whole command line, every text in `lang`.
pub fn command(lang: Language) -> Command {
    let mut cmd = Cli::command();
    // Builds the help and version flags, the `help` command and the global
    // flags of every command, so that their texts can be replaced too.
    cmd.build();
    localise(cmd, "cli", lang)
}

fn localise(mut cmd: Command, path: &str, lang: Language) -> Command {
    if let Some(about) = text(lang, &format!("{path}.about")) {
        cmd = cmd.about(about).long_about(None);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let help = arg_help(lang, path, &id);
        cmd = cmd.mut_arg(&id, |a| {
            let heading = if a.is_positional() {
                word(lang, "cli.heading.arguments")
            } else {
                word(lang, "cli.heading.options")
            };
            let names: Vec<&'static str> = a
                .get_value_names()
                .unwrap_or_default()
                .iter()
                .map(|n| text(lang, &format!("cli.value_name.{n}")).unwrap_or(word(lang, "")))
                .filter(|n| !n.is_empty())
                .collect();
            let a = a.help_heading(heading);
            let a = if names.is_empty() {
                a
            } else {
                a.value_names(names)
            };
            match help {
                // The message says the default and the possible values in words.
                Some(h) => a
                    .help(h)
                    .long_help(None)
                    .hide_default_value(true)
                    .hide_possible_values(true),
                None => a,
            }
        });
    }
    let subcommands: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subcommands {
        let sub = format!("{path}.{name}");
        if name == "help" {
            // `help`'s own subcommands only name the commands; its text is enough.
            cmd = cmd.mut_subcommand(&name, |s| {
                let s = s.help_template(format!(
                    "{{about-with-newline}}\n{} {{usage}}\n",
                    word(lang, "cli.heading.usage")
                ));
                match text(lang, &format!("{sub}.about")) {
                    Some(about) => s.about(about),
                    None => s,
                }
            });
            continue;
        }
        cmd = cmd.mut_subcommand(&name, |s| localise(s, &sub, lang));
    }
    let usage = cmd
        .clone()
        .render_usage()
        .to_string()
        .replace("Usage: ", "")
        .replace("[OPTIONS]", word(lang, "cli.value.options"))
        .replace("<COMMAND>", word(lang, "cli.value.command"));
    cmd.override_usage(usage.trim().to_string())
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            word(lang, "cli.heading.usage")
        ))
        .subcommand_help_heading(word(lang, "cli.heading.commands"))
        .subcommand_value_name(word(lang, "cli.value.command_name"))
        .term_width(WIDTH)
        .max_term_width(WIDTH)
}

/// The `--root` on the command line (the course whose language to use), or `.`.
pub fn root_in(args: &[OsString]) -> PathBuf {
    let mut iter = args.iter().skip(1);
    while let Some(a) = iter.next() {
        let s = a.to_string_lossy();
        if s == "--" {
            break;
        }
        if s == "--root" {
            return iter.next().map(PathBuf::from).unwrap_or_else(|| ".".into());
        }
        if let Some(v) = s.strip_prefix("--root=") {
            return PathBuf::from(v);
        }
    }
    PathBuf::from(".")
}

/// A wrong command line as a diagnostic in `lang`; `None` for what clap
/// prints itself (help, version).
pub fn usage_error(err: &clap::Error) -> Option<Diagnostic> {
    let context = |kind: ContextKind| err.get(kind).map(|v| v.to_string());
    let arg = context(ContextKind::InvalidArg).unwrap_or_default();
    let value = context(ContextKind::InvalidValue).unwrap_or_default();
    let see_help = t!("cli.error.see_help");
    let d = match err.kind() {
        // `fokus` or `fokus new` alone: the (translated) help, exit code 2.
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::MissingSubcommand => {
            Diagnostic::general(t!("cli.error.missing_command")).help(see_help)
        }
        ErrorKind::UnknownArgument => {
            let d = Diagnostic::general(t!("cli.error.unknown_option", arg));
            match context(ContextKind::SuggestedArg) {
                Some(s) => d.help(t!("links.did_you_mean", suggestion = s)),
                None => d.help(see_help),
            }
        }
        ErrorKind::InvalidSubcommand => {
            let arg = context(ContextKind::InvalidSubcommand).unwrap_or(arg);
            let d = Diagnostic::general(t!("cli.error.unknown_command", arg));
            match context(ContextKind::SuggestedSubcommand) {
                Some(s) => d.help(t!("links.did_you_mean", suggestion = s)),
                None => d.help(see_help),
            }
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let d = Diagnostic::general(t!("cli.error.bad_value", value, arg));
            match context(ContextKind::ValidValue) {
                Some(values) => d.help(t!("yaml.allowed_values", values)),
                None => d.help(see_help),
            }
        }
        ErrorKind::MissingRequiredArgument => {
            Diagnostic::general(t!("cli.error.missing", arg)).help(see_help)
        }
        ErrorKind::ArgumentConflict => {
            Diagnostic::general(t!("cli.error.twice", arg)).help(see_help)
        }
        _ => Diagnostic::general(Text::raw(err.render().to_string().trim().to_string())),
    };
    Some(d)
}

/// Parse the command line in the course's language; help, version and
/// errors are printed here, with `Err(exit code)`.
pub fn parse(args: Vec<OsString>, color: bool) -> Result<Cli, i32> {
    let root = root_in(&args);
    let lang = crate::messages::course_language(&root);
    let matches = command(lang).try_get_matches_from(args);
    let parsed = matches.and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    match parsed {
        Ok(cli) => Ok(cli),
        Err(e) => match usage_error(&e) {
            None => {
                let _ = e.print();
                Err(e.exit_code())
            }
            Some(d) => {
                super::report::emit(&Diagnostics::from(d), &root, color, lang);
                Err(2)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and every argument has its text in both languages.
    #[test]
    fn every_command_and_argument_has_a_text_in_both_languages() {
        fn walk(cmd: &Command, path: &str, lang: Language) {
            assert!(
                text(lang, &format!("{path}.about")).is_some(),
                "{path}.about ({lang:?})"
            );
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                assert!(
                    arg_help(lang, path, id).is_some(),
                    "{path}.arg.{id} or cli.arg.{id} ({lang:?})"
                );
            }
            for s in cmd.get_subcommands() {
                let sub = format!("{path}.{}", s.get_name());
                if s.get_name() == "help" {
                    assert!(text(lang, &format!("{sub}.about")).is_some(), "{sub}");
                } else {
                    walk(s, &sub, lang);
                }
            }
        }
        for lang in [Language::Da, Language::En] {
            let mut cmd = Cli::command();
            cmd.build();
            walk(&cmd, "cli", lang);
        }
    }

    #[test]
    fn the_root_is_found_before_parsing() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            root_in(&args(&["fokus", "--root", "k", "build"])),
            PathBuf::from("k")
        );
        assert_eq!(
            root_in(&args(&["fokus", "build", "--root=k"])),
            PathBuf::from("k")
        );
        assert_eq!(root_in(&args(&["fokus", "build"])), PathBuf::from("."));
    }
}
