//! "Did you mean": the known name nearest to a misspelt one (configuration keys, catalogue ids).
//! The loader suggests by the same rule (`loader/stage2/config/reader.mjs`), so both sides name the
//! same key in the same words.

/// The known name nearest to a misspelt one, if it is close enough to be a typo.
pub fn closest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let key = key.to_ascii_lowercase();
    known
        .iter()
        .map(|k| {
            let candidate = k.to_ascii_lowercase();
            // A cut-off name ("maxAge" for "maxAgeDays") is a typo too.
            let distance = if key.len() >= 3 && candidate.starts_with(&key) {
                1
            } else {
                edit_distance(&key, &candidate)
            };
            (distance, *k)
        })
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_key() {
        assert_eq!(
            closest("pixelURL", &["pixelUrl", "policyUrl"]),
            Some("pixelUrl")
        );
        assert_eq!(closest("maxAge", &["maxAgeDays"]), Some("maxAgeDays"));
        assert_eq!(closest("zzz", &["cookie"]), None);
    }
}
