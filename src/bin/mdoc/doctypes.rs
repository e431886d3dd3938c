//! `mdoc doctypes`: the known doctypes, namespaces and element tables, as JSON.

use iso18013::doctype::Registry;

use super::args::DoctypesArgs;

/// `mdoc doctypes`.
pub(crate) fn run(args: &DoctypesArgs) -> Result<(), String> {
    let registry = Registry::builtin();
    let json = match &args.doctype {
        Some(doc_type) => {
            let descriptor = registry
                .get(doc_type)
                .ok_or_else(|| format!("unknown doctype {doc_type}"))?;
            serde_json::to_string(&[descriptor])
        }
        None => serde_json::to_string(&registry),
    }
    .map_err(|e| e.to_string())?;
    say!("{{\"doctypes\":{json}}}");
    Ok(())
}
