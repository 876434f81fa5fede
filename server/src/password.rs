//! Marketer passwords: argon2id hashes in PHC strings, and the rules a new password must meet
//! (a length, and the `zxcvbn` strength estimator: dictionaries of common passwords, names and
//! words, keyboard patterns, repeats, sequences, dates, and the user's own name).

use argon2::{Argon2, Params, PasswordHasher, PasswordVerifier};

/// Fewest characters in a password.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Most bytes in a password (argon2 takes any length; this bounds the work per login).
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// Most bytes in a user name.
pub const MAX_USERNAME_BYTES: usize = 64;

/// The least `zxcvbn` score a new password needs: 3 of 4, "safely unguessable: moderate
/// protection from an offline slow-hash scenario" (about 10^10 guesses).
const MIN_STRENGTH: zxcvbn::Score = zxcvbn::Score::Three;
/// Words a guesser of this product's accounts tries first, besides the user name.
const PRODUCT_WORDS: &[&str] = &[
    "jet",
    "leasing",
    "jetleasing",
    "jetfin",
    "consent",
    "cookie",
    "marketing",
    "dashboard",
];

/// Hashes and checks passwords with one set of argon2id parameters.
#[derive(Clone, Debug)]
pub struct PasswordHashing {
    params: Params,
}

impl PasswordHashing {
    /// The recommended parameters (argon2id, 19 MiB, 2 passes, 1 lane).
    pub fn standard() -> Self {
        PasswordHashing {
            params: Params::DEFAULT,
        }
    }

    /// Cheap parameters for tests only: the stored hash names its parameters, so verification
    /// stays correct whatever made the hash.
    pub fn insecure_fast() -> Self {
        PasswordHashing {
            params: Params::new(Params::MIN_M_COST, 1, 1, None).unwrap_or(Params::DEFAULT),
        }
    }

    /// The PHC string (`$argon2id$v=19$m=…`) of `password` with a fresh random salt.
    pub fn hash(&self, password: &str) -> Result<String, String> {
        Argon2::from(&self.params)
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| format!("hashing the password failed: {e}"))
    }

    /// True when `password` matches `phc` (whatever parameters `phc` names).
    pub fn verify(phc: &str, password: &str) -> bool {
        Argon2::default()
            .verify_password(password.as_bytes(), phc)
            .is_ok()
    }
}

/// Checks a user name: 1 to 64 characters of letters, digits, `.`, `_`, `-`, `@`.
pub fn check_username(name: &str) -> Result<(), String> {
    if name.is_empty() || name.len() > MAX_USERNAME_BYTES {
        return Err(format!(
            "a user name has 1 to {MAX_USERNAME_BYTES} characters"
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
    {
        return Err("a user name may hold letters, digits, '.', '_', '-' and '@' only".to_owned());
    }
    Ok(())
}

/// Refuses a password that is short, over-long, holds the user name, or is easy to guess (a
/// `zxcvbn` score below 3, the user name and the product's words counting as known to a
/// guesser); the message says why.
pub fn check_password_strength(username: &str, password: &str) -> Result<(), String> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(format!(
            "the password is too short: use at least {MIN_PASSWORD_CHARS} characters"
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(format!(
            "the password is too long: at most {MAX_PASSWORD_BYTES} bytes"
        ));
    }
    // zxcvbn only discounts the user name as a known word; a password holding it is refused
    // outright, as before.
    if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
        return Err("the password must not contain the user name".to_owned());
    }
    let mut known: Vec<&str> = PRODUCT_WORDS.to_vec();
    known.push(username);
    let estimate = zxcvbn::zxcvbn(password, &known);
    if estimate.score() >= MIN_STRENGTH {
        return Ok(());
    }
    let mut reason = format!(
        "the password is too easy to guess (strength {} of 4, at least {} needed",
        u8::from(estimate.score()),
        u8::from(MIN_STRENGTH)
    );
    match estimate.feedback().and_then(|f| f.warning()) {
        Some(warning) => reason.push_str(&format!("): {warning}")),
        None => reason.push(')'),
    }
    if let Some(feedback) = estimate.feedback() {
        for suggestion in feedback.suggestions() {
            reason.push_str(&format!(" {suggestion}"));
        }
    }
    Err(reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_phc_strings_that_verify() {
        let hashing = PasswordHashing::insecure_fast();
        let phc = hashing.hash("correct horse battery").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$"), "{phc}");
        assert!(PasswordHashing::verify(&phc, "correct horse battery"));
        assert!(!PasswordHashing::verify(&phc, "correct horse battery "));
        assert!(!PasswordHashing::verify("not a hash", "x"));
        assert_ne!(
            phc,
            hashing.hash("correct horse battery").unwrap(),
            "salted"
        );
    }

    #[test]
    fn weak_passwords_are_refused_and_the_message_says_why() {
        let refused = |password: &str| check_password_strength("anna", password).unwrap_err();
        assert!(refused("").contains("too short"));
        assert!(refused("short").contains("too short"));
        assert!(refused(&"x".repeat(MAX_PASSWORD_BYTES + 1)).contains("too long"));
        for weak in [
            "aaaaaaaaaaaaaaaa",
            "abababababab",
            "Password1234",
            "qwertyuiop123",
            "123456789012",
            "jetleasing2026",
            "letmeinplease",
            "administrator",
        ] {
            let message = refused(weak);
            assert!(message.contains("too easy to guess"), "{weak}: {message}");
        }
        assert!(refused("qwertyuiop123").contains("a very common password"));
        assert!(refused("aaaaaaaaaaaaaaaa").contains("Repeats"));
        assert!(refused("marketer-anna-1").contains("user name"));
        for strong in [
            "correct horse battery",
            "e2e-Kazakhstan-2026-consent",
            "Tu7x-nD2q-Lp9w",
        ] {
            assert_eq!(check_password_strength("anna", strong), Ok(()), "{strong}");
        }
    }

    #[test]
    fn user_names_are_plain() {
        assert!(check_username("anna.k@jetleasing").is_ok());
        assert!(check_username("Анна").is_ok());
        for bad in ["", "a b", "a;b", &"x".repeat(65)] {
            assert!(check_username(bad).is_err(), "{bad}");
        }
    }
}
