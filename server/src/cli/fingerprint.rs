//! `fingerprint`: the configHash the widget records for a configuration (opens no database).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use jl_consent_core::shown::shown_content;
use jl_consent_core::Language;

use super::error::CommandError;
use crate::widget_configs::{
    read_widget_config, widget_fingerprint, widget_languages, widget_variants,
};

/// `fingerprint` options.
#[derive(Debug, Args)]
pub struct FingerprintArgs {
    /// The configuration: JSON, or an HTML page with <script id="jl-consent-config">.
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
    /// Only this language.
    #[arg(long, value_enum)]
    pub language: Option<LanguageArg>,
    /// Only this banner variant (the configuration's variant ids).
    #[arg(long, value_name = "ID")]
    pub variant: Option<String>,
    /// Print the canonical content that is hashed (needs a single language and variant).
    #[arg(long)]
    pub show: bool,
}

/// A banner language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LanguageArg {
    Ru,
    Kk,
    En,
}

impl LanguageArg {
    fn language(self) -> Language {
        match self {
            LanguageArg::Ru => Language::Ru,
            LanguageArg::Kk => Language::Kk,
            LanguageArg::En => Language::En,
        }
    }
}

/// `fingerprint`: what the widget records as configHash for a configuration.
pub fn run(args: &FingerprintArgs, out: &mut impl Write) -> Result<(), CommandError> {
    let (config, warnings) = read_widget_config(&args.config).map_err(CommandError)?;
    for warning in warnings {
        eprintln!("warning (the widget warns too and uses the default): {warning}");
    }
    let mut languages = widget_languages(&config);
    if let Some(wanted) = args.language.map(LanguageArg::language) {
        if !languages.contains(&wanted) {
            return Err(CommandError(format!(
                "this configuration is always shown in {}, never in {}",
                languages
                    .iter()
                    .map(|l| l.code())
                    .collect::<Vec<_>>()
                    .join(", "),
                wanted.code()
            )));
        }
        languages = vec![wanted];
    }
    let mut variants = widget_variants(&config);
    if let Some(wanted) = &args.variant {
        if !variants.contains(&Some(wanted.clone())) {
            let ids: Vec<&str> = variants.iter().flatten().map(String::as_str).collect();
            return Err(CommandError(if ids.is_empty() {
                format!("--variant {wanted}: this configuration has no variants")
            } else {
                format!("--variant {wanted}: its variants are {}", ids.join(", "))
            }));
        }
        variants = vec![Some(wanted.clone())];
    }
    if args.show {
        let (Some(language), Some(variant), 1, 1) = (
            languages.first(),
            variants.first(),
            languages.len(),
            variants.len(),
        ) else {
            return Err(CommandError(
                "--show prints one content: name the --language (and the --variant, if the \
                 configuration has variants)"
                    .to_owned(),
            ));
        };
        let shown = config.for_variant(variant.as_deref());
        let content = shown_content(&shown, &shown.texts(*language), variant.as_deref());
        out.write_all(content.as_bytes())?;
        return Ok(());
    }
    let single = languages.len() == 1 && variants.len() == 1;
    for variant in &variants {
        for language in &languages {
            let hash = widget_fingerprint(&config, *language, variant.as_deref());
            if single {
                writeln!(out, "{hash}")?;
            } else {
                writeln!(
                    out,
                    "{hash}\t{}\t{}",
                    language.code(),
                    variant.as_deref().unwrap_or("-")
                )?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(json: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.json");
        std::fs::write(&path, json).unwrap();
        (dir, path)
    }

    fn printed(args: &FingerprintArgs) -> Result<String, CommandError> {
        let mut out = Vec::new();
        run(args, &mut out)?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn one_line_per_language_and_variant_or_the_hash_alone() {
        let (_dir, path) = config(r#"{"revision": 2, "variants": [{"id": "a"}, {"id": "b"}]}"#);
        let mut args = FingerprintArgs {
            config: path,
            language: None,
            variant: None,
            show: false,
        };
        let all = printed(&args).unwrap();
        assert_eq!(all.lines().count(), 6, "{all}");
        assert!(
            all.lines().all(|line| line.split('\t').count() == 3),
            "{all}"
        );
        args.language = Some(LanguageArg::Kk);
        args.variant = Some("b".to_owned());
        let one = printed(&args).unwrap();
        assert_eq!(one.trim_end().len(), 64, "{one}");
        assert!(all.contains(&format!("{}\tkk\tb", one.trim_end())), "{all}");
        args.variant = Some("c".to_owned());
        let error = printed(&args).unwrap_err();
        assert_eq!(error.0, "--variant c: its variants are a, b");
    }

    #[test]
    fn show_needs_a_single_content() {
        let (_dir, path) = config(r#"{"revision": 2}"#);
        let args = FingerprintArgs {
            config: path,
            language: None,
            variant: None,
            show: true,
        };
        let error = printed(&args).unwrap_err();
        assert!(error.0.starts_with("--show prints one content"), "{error}");
    }
}
