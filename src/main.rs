//! The `fokus` command; all work happens in the library.

fn main() {
    let code = match fokus::cli::parse_args(std::env::args_os().collect()) {
        Ok(cli) => fokus::cli::run(cli).code(),
        Err(code) => code,
    };
    std::process::exit(code);
}
