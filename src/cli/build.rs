//! `fokus build`: build the site and write it to the output folder.

use std::path::{Path, PathBuf};

use super::{EditionArgs, Outcome, Output};
use crate::build::{BuildOptions, Memo, build_into};
use crate::config::Edition;
use crate::diagnostics::Diagnostics;

/// Arguments of `fokus build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Output folder [default: public/ in the course folder; public-trainer/ for the trainer edition].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub edition: EditionArgs,
    /// Print how long each step of the build took, and the peak memory.
    #[arg(long)]
    pub timings: bool,
}

/// The output folder for an edition when none is given.
pub fn default_out(edition: Edition) -> &'static str {
    match edition {
        Edition::Participant => "public",
        Edition::Trainer => "public-trainer",
    }
}

pub fn run(root: &Path, args: BuildArgs, out: &Output) -> Outcome {
    let target = match args.out {
        Some(p) if p.is_absolute() => p,
        Some(p) => std::env::current_dir().unwrap_or_default().join(p),
        None => root.join(default_out(args.edition.edition.into())),
    };
    if let Err(d) = crate::output::check_target(root, &target) {
        out.diagnostics(&Diagnostics::from(d));
        return Outcome::UsageError;
    }
    // A build killed earlier may have left its temporary folders, or the
    // previous site moved aside: tidy up before anything else.
    crate::output::recover(&target);
    let opts = BuildOptions {
        root: root.to_path_buf(),
        edition: args.edition.edition.into(),
        drafts: args.edition.drafts,
        strict: false,
        exits_after: true,
    };
    // Pages are written into a temporary folder beside the target as they
    // are made; only a successful build is swapped in.
    let writer = match crate::output::SiteWriter::start(root, &target) {
        Ok(w) => w,
        Err(d) => {
            out.diagnostics(&Diagnostics::from(d));
            return Outcome::ContentErrors;
        }
    };
    match build_into(&opts, &mut Memo::none(), &writer) {
        Ok(site) => {
            out.diagnostics(&site.warnings);
            let write_start = std::time::Instant::now();
            if let Err(d) = writer.finish() {
                out.diagnostics(&Diagnostics::from(d));
                return Outcome::ContentErrors;
            }
            if args.timings {
                for (phase, took) in site
                    .stats
                    .phases
                    .iter()
                    .chain([&("write", write_start.elapsed())])
                {
                    eprintln!("  {phase:<10} {:>8.1} ms", took.as_secs_f64() * 1000.0);
                }
                if let Some(kb) = peak_memory_kb() {
                    eprintln!("  {:<10} {:>8.1} MB", "peak", kb as f64 / 1024.0);
                }
            }
            out.say(t!(
                "status.built",
                summary = super::summary(&site.stats),
                out = target.display()
            ));
            Outcome::Ok
        }
        Err(d) => {
            out.diagnostics(&d);
            out.tally(&d);
            out.say(t!("status.build_failed", out = target.display()));
            Outcome::ContentErrors
        }
    }
}

/// The process's peak resident memory so far, where the system tells it (Linux).
pub fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
