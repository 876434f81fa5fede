//! Marketer passwords: argon2id hashes in PHC strings, and the rules a new password must meet.

use argon2::{Argon2, Params, PasswordHasher, PasswordVerifier};

/// Fewest characters in a password.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Most bytes in a password (argon2 takes any length; this bounds the work per login).
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// Most bytes in a user name.
pub const MAX_USERNAME_BYTES: usize = 64;

/// Passwords that meet the length rule and are still guessed first.
const COMMON_PASSWORDS: &[&str] = &[
    "password1234",
    "password12345",
    "password123456",
    "qwertyuiop12",
    "qwertyuiop123",
    "123456789012",
    "1234567890123",
    "administrator",
    "jetleasing123",
    "jetleasing2026",
    "letmeinplease",
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

/// Refuses passwords that are empty, short, repetitive, common or contain the user name.
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
    let mut distinct: Vec<char> = password.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 5 {
        return Err(
            "the password repeats too few characters: mix at least 5 different ones".to_owned(),
        );
    }
    let lower = password.to_lowercase();
    if !username.is_empty() && lower.contains(&username.to_lowercase()) {
        return Err("the password must not contain the user name".to_owned());
    }
    if COMMON_PASSWORDS.contains(&lower.as_str()) {
        return Err("the password is too common".to_owned());
    }
    Ok(())
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
    fn weak_passwords_are_refused() {
        for weak in [
            "",
            "short",
            "aaaaaaaaaaaaaaaa",
            "abababababab",
            "Password1234",
            "marketer-anna-1",
        ] {
            assert!(check_password_strength("anna", weak).is_err(), "{weak}");
        }
        assert!(check_password_strength("anna", "correct horse battery").is_ok());
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
