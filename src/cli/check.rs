//! `fokus check`: run the whole build in memory and report, writing nothing.

use std::path::Path;

use super::{EditionArgs, Outcome, Output};
use crate::build::{BuildOptions, build};

/// Arguments of `fokus check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Fail when a module objective is checked by no question.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub edition: EditionArgs,
}

pub fn run(root: &Path, args: CheckArgs, out: &Output) -> Outcome {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        edition: args.edition.edition.into(),
        drafts: args.edition.drafts,
        strict: args.strict,
        exits_after: true,
    };
    match build(&opts) {
        Ok(site) => {
            out.diagnostics(&site.warnings);
            out.tally(&site.warnings);
            out.say(t!("status.ok", summary = super::summary(&site.stats)));
            super::Outcome::Ok
        }
        Err(d) => {
            out.diagnostics(&d);
            out.tally(&d);
            Outcome::ContentErrors
        }
    }
}
