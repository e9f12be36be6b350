//! Person and pair ids: what may serve as one, and how one is made from a
//! name in any script.

/// Whether `id` can name a person or pair: it appears in file names, command
/// lines and CSV files, so keep it to letters, digits, `.`, `_` and `-`.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// A person id from a name, transliterated to ASCII (`deunicode`):
/// `Lucía Fernández` -> `lucia-fernandez`, `Иван Петров` -> `ivan-petrov`,
/// `陈晓明` -> `chen-xiao-ming`. `None` when nothing of the name survives
/// (only punctuation or symbols): an empty id is never made.
pub fn slug(name: &str) -> Option<String> {
    let ascii = deunicode::deunicode(name).to_lowercase();
    let id = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    (!id.is_empty()).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_file_name_safe() {
        assert!(is_valid_id("ana-silva"));
        assert!(is_valid_id("ana-silva--ben.ng"));
        assert!(!is_valid_id("Ana Silva"));
        assert!(!is_valid_id("-ana"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("josé"));
    }

    #[test]
    fn slugs_are_ascii_ids() {
        let slug = |name| slug(name).unwrap();
        assert_eq!(slug("Lucía Fernández"), "lucia-fernandez");
        assert_eq!(slug("  Ana   SILVA "), "ana-silva");
        assert_eq!(slug("O'Brien, Seán"), "o-brien-sean");
        assert_eq!(slug("Łukasz Żuk"), "lukasz-zuk");
        assert!(is_valid_id(&slug("Zoë Ng")));
    }

    #[test]
    fn names_in_any_script_become_readable_ids() {
        assert_eq!(slug("Ayşe Yılmaz").as_deref(), Some("ayse-yilmaz"));
        assert_eq!(slug("Þórsson").as_deref(), Some("thorsson"));
        assert_eq!(slug("Иван Петров").as_deref(), Some("ivan-petrov"));
        assert_eq!(slug("陈晓明").as_deref(), Some("chen-xiao-ming"));
        assert_eq!(
            slug("Αλέξης Παπαδόπουλος").as_deref(),
            Some("alexes-papadopoulos")
        );
        for name in ["Ayşe Yılmaz", "Иван Петров", "陈晓明", "محمد علي", "김민준"]
        {
            let id = slug(name).unwrap();
            assert!(is_valid_id(&id), "{name} -> {id:?}");
        }
    }

    #[test]
    fn a_name_with_nothing_to_keep_makes_no_id() {
        assert_eq!(slug(""), None);
        assert_eq!(slug(" -- !? "), None);
    }
}
