//! Texts for people (titles, questions, descriptions, display labels): one text for every
//! language, or one per language (`{ de = "…", en = "…" }`).

use toml::Value;

/// A text in German, English, or one for both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pub de: Option<String>,
    pub en: Option<String>,
}

impl Text {
    /// One text for both languages.
    pub fn plain(text: &str) -> Text {
        Text { de: Some(text.to_string()), en: Some(text.to_string()) }
    }

    /// The text in the language with this code ("de" or "en"), if the scenario gives it.
    pub fn get(&self, lang: &str) -> Option<&str> {
        match lang {
            "de" => self.de.as_deref(),
            _ => self.en.as_deref(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.de.is_none() && self.en.is_none()
    }

    /// The text as TOML, per language (None: no text).
    pub fn to_value(&self) -> Option<Value> {
        let mut table = toml::Table::new();
        for (lang, text) in [("de", &self.de), ("en", &self.en)] {
            if let Some(text) = text {
                table.insert(lang.into(), Value::String(text.clone()));
            }
        }
        (!table.is_empty()).then_some(Value::Table(table))
    }

    /// Reads a string or a `{ de, en }` table; the error says what is allowed.
    pub fn from_value(value: &Value) -> Result<Text, &'static str> {
        const EXPECTED: &str = "expected a string, or { de = \"…\", en = \"…\" } with one or both";
        match value {
            Value::String(s) => Ok(Text::plain(s)),
            Value::Table(t) => {
                let mut text = Text::default();
                for (key, v) in t {
                    let s = v.as_str().ok_or(EXPECTED)?.to_string();
                    match key.as_str() {
                        "de" => text.de = Some(s),
                        "en" => text.en = Some(s),
                        _ => return Err(EXPECTED),
                    }
                }
                if text.is_empty() {
                    return Err(EXPECTED);
                }
                Ok(text)
            }
            _ => Err(EXPECTED),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_or_per_language() {
        let v: toml::Table = toml::from_str(
            "a = \"Herne\"\nb = { de = \"Team Allgemein\", en = \"General team\" }\nc = { fr = \"x\" }\nd = 3",
        )
        .unwrap();
        assert_eq!(Text::from_value(&v["a"]).unwrap().get("en"), Some("Herne"));
        let b = Text::from_value(&v["b"]).unwrap();
        assert_eq!((b.get("de"), b.get("en")), (Some("Team Allgemein"), Some("General team")));
        assert!(Text::from_value(&v["c"]).is_err());
        assert!(Text::from_value(&v["d"]).unwrap_err().contains("de = "));
    }
}
