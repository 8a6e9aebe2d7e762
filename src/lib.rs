//! fokus: a static training-site generator.
//!
//! A course folder (`course.yaml`, Markdown modules in `content/`, YAML
//! exercises in `exercises/`) becomes a static site that works on any web
//! server, under any sub-path and opened from disk. Data flows one way:
//! [`content`] and [`exercises`] load and validate, [`site`] resolves links,
//! [`render`] applies the theme, [`output`] writes; [`build`] ties the steps
//! together and [`serve`] reuses it for live preview.

#[macro_use]
pub mod messages;
pub mod allocator;
pub mod build;
pub mod cli;
pub mod completion;
pub mod config;
pub mod content;
pub mod csp;
pub mod diagnostics;
pub mod escape;
pub mod exercises;
pub mod fold;
pub mod folders;
pub mod i18n;
pub mod language;
pub mod links;
pub mod markdown;
pub mod memo;
pub mod names;
pub mod output;
pub mod package;
pub mod placeholders;
pub mod render;
pub mod route;
pub mod search;
pub mod serve;
pub mod slides;
pub mod source;
pub mod words;
pub mod yaml;
