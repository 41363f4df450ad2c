//! The development portal config: the agency's `static/config.json` with its
//! `publicKey` replaced by the development key generated at run time.

use crate::Result;
use std::path::Path;

pub fn write(config: &Path, public_key: &Path, out: &Path) -> Result {
    let read =
        |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("reading {}: {e}", p.display()));
    let mut cfg: serde_json::Value =
        serde_json::from_str(&read(config)?).map_err(|e| format!("{}: {e}", config.display()))?;
    let key: serde_json::Value = serde_json::from_str(&read(public_key)?)
        .map_err(|e| format!("{}: {e}", public_key.display()))?;
    let obj = cfg
        .as_object_mut()
        .ok_or_else(|| format!("{} is not a JSON object", config.display()))?;
    obj.insert("publicKey".into(), key);
    let text = serde_json::to_string_pretty(&cfg).map_err(|e| e.to_string())?;
    std::fs::write(out, text).map_err(|e| format!("writing {}: {e}", out.display()))
}
