//! The `fokus` command; all work happens in the library.

// A build allocates and frees millions of small strings (terms, page
// parts) on both cores at once. With mimalloc (its v2, which keeps less
// memory than v3) a clean build of 5,000 modules took about an eighth
// less time than with glibc's allocator, run in turns on one machine.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let code = match fokus::cli::parse_args(std::env::args_os().collect()) {
        Ok(cli) => fokus::cli::run(cli).code(),
        Err(code) => code,
    };
    std::process::exit(code);
}
