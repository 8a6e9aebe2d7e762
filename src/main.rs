//! The `fokus` command; all work happens in the library.

use clap::Parser;

fn main() {
    let cli = fokus::cli::Cli::parse();
    std::process::exit(fokus::cli::run(cli).code());
}
