//! `fokus serve`: build, serve, watch, rebuild and reload (see [`crate::serve`]).

use std::net::IpAddr;
use std::path::Path;

use super::{EditionArgs, Outcome, Output};
use crate::serve::{DEFAULT_DEBOUNCE, Event, ServeOptions, serve};

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
        eprintln!(
            "warning: listening on {}: anyone on your network can open the course. \
             `fokus serve` is for previewing while you write; publish with `fokus build`.",
            args.bind
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
    let mut report = |event: Event| match event {
        Event::Listening {
            url,
            port,
            port_taken,
        } => {
            if let Some(p) = port_taken {
                eprintln!("port {p} is in use; using port {port} instead");
            }
            // On stdout (the rest goes to stderr), so scripts can read the address.
            println!("Serving the course at {url}");
            eprintln!("Watching for changes; press Ctrl-C to stop.");
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
                1 => ", 1 warning".to_string(),
                n => format!(", {n} warnings"),
            };
            match (changed, changes) {
                (None, _) => eprintln!("built {}{warn}", stats.summary()),
                (Some(p), n) => eprintln!(
                    "{}{} changed; rebuilt {} pages in {} ms{warn}",
                    p.display(),
                    if n > 1 {
                        format!(" and {} more", n - 1)
                    } else {
                        String::new()
                    },
                    stats.pages,
                    stats.elapsed.as_millis()
                ),
            }
        }
        Event::Failed {
            diagnostics,
            changed,
            first,
        } => {
            out.diagnostics(diagnostics);
            out.tally(diagnostics);
            if let Some(p) = changed {
                eprintln!("{} changed; the build failed", p.display());
            }
            if first {
                eprintln!(
                    "the browser shows these errors until they are fixed; the server keeps running"
                );
            } else {
                eprintln!(
                    "still serving the last good build; the browser shows these errors until they are fixed"
                );
            }
        }
        Event::Warning(w) => eprintln!("warning: {w}"),
    };
    match serve(&opts, &mut report) {
        Ok(()) => Outcome::Ok,
        Err(e) => {
            eprintln!("error: {e}");
            Outcome::UsageError
        }
    }
}
