//! `fokus serve`: build, serve, watch, rebuild and reload.

use std::path::Path;

use super::{Outcome, Output};

/// Arguments of `fokus serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {}

pub fn run(_root: &Path, _args: ServeArgs, _out: &Output) -> Outcome {
    Outcome::UsageError
}
