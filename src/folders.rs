//! The course folder's layout: the one list of source folders and files.
//!
//! The loader reads them, the output guard refuses to write into them and
//! the watcher of `fokus serve` watches them, all from this list.

/// The course's settings file.
pub const CONFIG_FILE: &str = "course.yaml";
/// Parts, modules and pages.
pub const CONTENT: &str = "content";
/// Exercises, one YAML file each.
pub const EXERCISES: &str = "exercises";
/// Files copied into the site as they are (overriding the theme's).
pub const STATIC: &str = "static";
/// Templates overriding the theme's.
pub const TEMPLATES: &str = "templates";
/// Themes of the course's own.
pub const THEMES: &str = "themes";

/// Every source folder of a course.
pub const SOURCE_DIRS: &[&str] = &[CONTENT, EXERCISES, THEMES, TEMPLATES, STATIC];
