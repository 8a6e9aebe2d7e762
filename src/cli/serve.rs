//! `fokus serve`: build, serve, watch, rebuild and reload (see [`crate::serve`]).

use std::net::IpAddr;
use std::path::Path;

use super::{EditionArgs, Outcome, Output};
use crate::diagnostics::Diagnostic;
use crate::serve::{DEFAULT_DEBOUNCE, Event, ServeError, ServeOptions, serve};

/// Arguments of `fokus serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Port to listen on; if it is taken, the next free one is used. 0 picks any free port.
    #[arg(long, default_value_t = 4000)]
    pub port: u16,
    /// Address to listen on. Anything but loopback shows the course to your network.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: IpAddr,
    /// Open the site in your browser.
    #[arg(long)]
    pub open: bool,
    /// Poll for changes instead of using file-system events (network drives, containers).
    #[arg(long)]
    pub poll: bool,
    #[command(flatten)]
    pub edition: EditionArgs,
}

/// Run `fokus serve` until interrupted.
pub fn run(root: &Path, args: ServeArgs, out: &Output) -> Outcome {
    if !args.bind.is_loopback() {
        let lang = out.language();
        eprintln!(
            "{}: {}",
            crate::messages::word(lang, "label.warning"),
            t!("serve.public_bind", addr = args.bind.to_string()).render(lang)
        );
    }
    let opts = ServeOptions {
        root: root.to_path_buf(),
        edition: args.edition.edition.into(),
        drafts: args.edition.drafts,
        bind: args.bind,
        port: args.port,
        open: args.open,
        poll: args.poll,
        debounce: DEFAULT_DEBOUNCE,
    };
    let lang = out.language();
    let say = |text: crate::messages::Text| text.render(lang);
    let mut report = |event: Event| match event {
        Event::Listening {
            url,
            port,
            port_taken,
        } => {
            if let Some(p) = port_taken {
                eprintln!("{}", say(t!("serve.port_taken", port = p, instead = port)));
            }
            // On stdout (the rest goes to stderr), so scripts can read the address.
            println!("{}", say(t!("serve.serving", url = url.to_string())));
            eprintln!("{}", say(t!("serve.watching")));
        }
        Event::Built {
            stats,
            warnings,
            changed,
            changes,
            new_warnings,
        } => {
            if new_warnings {
                out.diagnostics(warnings);
            }
            let warn = match warnings.warning_count() {
                0 => String::new(),
                1 => say(t!("serve.warnings_one")),
                n => say(t!("serve.warnings_many", n)),
            };
            let line = match (changed, changes) {
                (None, _) => t!(
                    "serve.built",
                    summary = super::summary(stats),
                    warnings = warn
                ),
                (Some(p), n) => t!(
                    "serve.rebuilt",
                    file = p.display(),
                    more = if n > 1 {
                        say(t!("serve.more", n = n - 1))
                    } else {
                        String::new()
                    },
                    pages = stats.pages,
                    ms = stats.elapsed.as_millis().to_string(),
                    warnings = warn
                ),
            };
            eprintln!("{}", say(line));
        }
        Event::Failed {
            diagnostics,
            changed,
            first,
        } => {
            out.diagnostics(diagnostics);
            out.tally(diagnostics);
            if let Some(p) = changed {
                eprintln!("{}", say(t!("serve.failed_change", file = p.display())));
            }
            if first {
                eprintln!("{}", say(t!("serve.failed_first")));
            } else {
                eprintln!("{}", say(t!("serve.failed_again")));
            }
        }
        Event::Warning(w) => eprintln!(
            "{}: {}",
            crate::messages::word(lang, "label.warning"),
            w.render(lang)
        ),
    };
    match serve(&opts, &mut report) {
        Ok(()) => Outcome::Ok,
        Err(e) => {
            out.diagnostics(&crate::diagnostics::Diagnostics::from(serve_error(&e)));
            Outcome::UsageError
        }
    }
}

/// Why `fokus serve` could not start, in the course's language.
fn serve_error(e: &ServeError) -> Diagnostic {
    match e {
        ServeError::Root { root, error } => {
            Diagnostic::general(t!("serve.error.root", root = root.display(), error))
                .help(t!("new.no_course_help"))
        }
        ServeError::NotACourse(root) => {
            Diagnostic::general(t!("new.no_course", root = root.display()))
                .help(t!("new.no_course_help"))
        }
        ServeError::Bind {
            addr, in_use: true, ..
        } => Diagnostic::general(t!(
            "serve.error.ports_taken",
            port = addr.port(),
            more = crate::serve::PORT_ATTEMPTS - 1,
            ip = addr.ip().to_string()
        ))
        .help(t!("serve.error.ports_taken_help")),
        ServeError::Bind { addr, error, .. } => {
            Diagnostic::general(t!("serve.error.bind", addr = addr.to_string(), error))
                .help(t!("serve.error.ports_taken_help"))
        }
        ServeError::Http(error) => Diagnostic::general(t!("serve.error.http", error)),
        ServeError::Watch(error) => {
            Diagnostic::general(t!("serve.error.watch", error)).help(t!("serve.error.watch_help"))
        }
    }
}
