//! Secrets (the SMTP and IMAP passwords and OAuth2 tokens) in the OS
//! keyring, with an environment variable as the fallback for CI jobs. The
//! only module that touches the keyring; nothing here ever prints, logs
//! or formats a secret's value.
//!
//! Stored under service `linger` with the secret's name as the user: the
//! Secret Service (GNOME Keyring, KWallet) on Linux and the BSDs, the
//! Keychain on macOS, the Credential Manager on Windows. `LINGER_KEYRING=
//! keyutils` picks the Linux kernel keyring instead, for servers without a
//! desktop session.
// This module owns the environment variables of secrets (see clippy.toml).
#![allow(clippy::disallowed_methods)]

use std::fmt;

/// The service name every linger secret is stored under.
pub const SERVICE: &str = "linger";

/// The secret `send` uses for the SMTP login.
pub const SMTP_PASSWORD: &str = "smtp-password";

/// The OAuth2 access token for `[smtp] auth = "xoauth2"`.
pub const SMTP_OAUTH_TOKEN: &str = "smtp-oauth-token";
/// The password `inbox --imap` logs in with.
pub const IMAP_PASSWORD: &str = "imap-password";
/// The OAuth2 token `inbox --imap` authenticates with (XOAUTH2).
pub const IMAP_OAUTH_TOKEN: &str = "imap-oauth-token";
/// The password `canary watch --imap` logs in to `[canary.imap]` with.
pub const CANARY_IMAP_PASSWORD: &str = "canary-imap-password";
/// The OAuth2 token for `[canary.imap] auth = "xoauth2"`.
pub const CANARY_IMAP_OAUTH_TOKEN: &str = "canary-imap-oauth-token";

/// A secret's value. Its `Debug` never shows it.
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Secret(value)
    }

    /// The value, for the places that need it (the SMTP and IMAP logins).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Which store holds the keyring entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    /// The platform's own: Secret Service, Keychain, Credential Manager.
    Platform,
    /// The Linux kernel keyring (keyutils), session and persistent.
    KernelKeyring,
}

impl Store {
    /// `LINGER_KEYRING`: `keyutils` for the kernel keyring; anything else
    /// (or nothing) for the platform's store.
    pub fn from_env() -> Result<Store, SecretError> {
        match std::env::var("LINGER_KEYRING").as_deref() {
            Err(_) | Ok("") | Ok("default") | Ok("secret-service") | Ok("platform") => {
                Ok(Store::Platform)
            }
            Ok("keyutils") => Ok(Store::KernelKeyring),
            Ok(other) => Err(SecretError::BadStore(other.to_string())),
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Store::KernelKeyring => "the kernel keyring",
            Store::Platform if cfg!(target_os = "macos") => "the macOS Keychain",
            Store::Platform if cfg!(windows) => "the Windows Credential Manager",
            Store::Platform => "the Secret Service keyring",
        }
    }

    /// Makes `keyring` use this store. Called once, before any entry.
    fn install(self) -> Result<(), SecretError> {
        match self {
            Store::Platform => Ok(()),
            #[cfg(target_os = "linux")]
            Store::KernelKeyring => {
                keyring::set_default_credential_builder(
                    keyring::keyutils::default_credential_builder(),
                );
                Ok(())
            }
            #[cfg(not(target_os = "linux"))]
            Store::KernelKeyring => Err(SecretError::BadStore(
                "keyutils (only on Linux)".to_string(),
            )),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error(
        "`{0}` is not a secret name: use lowercase letters, digits and `-` (e.g. `smtp-password`)"
    )]
    BadName(String),
    #[error(
        "LINGER_KEYRING={0} is not a keyring linger knows: use `keyutils`, or unset it for the platform's own"
    )]
    BadStore(String),
    /// The store could not be reached or refused the operation. The reason
    /// is the store's own message, which never contains the value.
    #[error("{store} could not be reached: {reason}")]
    Unreachable { store: &'static str, reason: String },
    #[error("the secret is empty")]
    Empty,
}

/// Where a secret was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Keyring(&'static str),
    Environment(String),
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::Keyring(store) => write!(f, "in {store}"),
            Found::Environment(var) => write!(f, "in the environment variable {var}"),
        }
    }
}

/// What `secret status` reports: the keyring's answer and the variable's.
#[derive(Debug)]
pub struct Status {
    pub store: &'static str,
    /// `Ok(true)` stored, `Ok(false)` not stored, `Err` unreachable.
    pub keyring: Result<bool, String>,
    pub variable: String,
    pub in_environment: bool,
}

/// The keyring, with its store chosen.
pub struct Keyring {
    store: Store,
}

impl Keyring {
    pub fn open() -> Result<Keyring, SecretError> {
        let store = Store::from_env()?;
        store.install()?;
        Ok(Keyring { store })
    }

    pub fn store(&self) -> Store {
        self.store
    }

    fn entry(&self, name: &str) -> Result<keyring::Entry, SecretError> {
        check_name(name)?;
        keyring::Entry::new(SERVICE, name).map_err(|err| self.unreachable(&err))
    }

    fn unreachable(&self, err: &keyring::Error) -> SecretError {
        SecretError::Unreachable {
            store: self.store.describe(),
            reason: err.to_string(),
        }
    }

    pub fn set(&self, name: &str, value: &Secret) -> Result<(), SecretError> {
        if value.0.is_empty() {
            return Err(SecretError::Empty);
        }
        self.entry(name)?
            .set_password(&value.0)
            .map_err(|err| self.unreachable(&err))
    }

    /// Deletes the keyring's copy; `Ok(false)` if there was none.
    pub fn delete(&self, name: &str) -> Result<bool, SecretError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(err) => Err(self.unreachable(&err)),
        }
    }

    fn lookup(&self, name: &str) -> Result<Option<Secret>, SecretError> {
        match self.entry(name)?.get_password() {
            Ok(value) => Ok(Some(Secret(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(self.unreachable(&err)),
        }
    }

    /// The secret from the keyring, else from its environment variable.
    /// `Err` carries why neither had it, with both places named.
    pub fn get(&self, name: &str) -> Result<(Secret, Found), Missing> {
        let keyring = self.lookup(name);
        if let Ok(Some(secret)) = keyring {
            return Ok((secret, Found::Keyring(self.store.describe())));
        }
        let variable = env_var(name);
        if let Some(value) = std::env::var(&variable).ok().filter(|v| !v.is_empty()) {
            return Ok((Secret(value), Found::Environment(variable)));
        }
        Err(Missing {
            name: name.to_string(),
            variable,
            store: self.store.describe(),
            keyring_error: keyring.err().map(|e| e.to_string()),
        })
    }

    pub fn status(&self, name: &str) -> Result<Status, SecretError> {
        check_name(name)?;
        let keyring = match self.lookup(name) {
            Ok(found) => Ok(found.is_some()),
            Err(err) => Err(err.to_string()),
        };
        let variable = env_var(name);
        Ok(Status {
            store: self.store.describe(),
            keyring,
            in_environment: std::env::var(&variable).is_ok_and(|v| !v.is_empty()),
            variable,
        })
    }
}

/// Neither the keyring nor the environment has the secret.
#[derive(Debug)]
pub struct Missing {
    pub name: String,
    pub variable: String,
    pub store: &'static str,
    /// Why the keyring could not answer, when it could not.
    pub keyring_error: Option<String>,
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.keyring_error {
            Some(reason) => write!(
                f,
                "no `{}`: {reason}, and {} is not set",
                self.name, self.variable
            ),
            None => write!(
                f,
                "no `{}`: it is not in {}, and {} is not set",
                self.name, self.store, self.variable
            ),
        }
    }
}

/// `smtp-password` → `LINGER_SMTP_PASSWORD`; the OAuth2 token's is the
/// shorter `LINGER_SMTP_TOKEN`.
pub fn env_var(name: &str) -> String {
    if name == SMTP_OAUTH_TOKEN {
        return "LINGER_SMTP_TOKEN".to_string();
    }
    if name == IMAP_OAUTH_TOKEN {
        return "LINGER_IMAP_TOKEN".to_string();
    }
    format!("LINGER_{}", name.to_ascii_uppercase().replace('-', "_"))
}

fn check_name(name: &str) -> Result<(), SecretError> {
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(())
    } else {
        Err(SecretError::BadName(name.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_to_variables() {
        assert_eq!(env_var("smtp-password"), "LINGER_SMTP_PASSWORD");
        assert!(check_name("smtp-password").is_ok());
        assert!(check_name("SMTP").is_err());
        assert!(check_name("").is_err());
    }

    #[test]
    fn a_secret_never_shows_in_debug_output() {
        let secret = Secret::new("hunter2".to_string());
        assert!(!format!("{secret:?}").contains("hunter2"));
    }

    #[test]
    fn the_environment_is_the_fallback_and_both_places_are_named() {
        // The crate's mock store: nothing stored, so the lookup falls back.
        keyring::set_default_credential_builder(keyring::mock::default_credential_builder());
        let keyring = Keyring {
            store: Store::Platform,
        };
        let missing = keyring.get("unit-test-only").unwrap_err().to_string();
        assert!(missing.contains("LINGER_UNIT_TEST_ONLY"), "{missing}");
        assert!(missing.contains("keyring"), "{missing}");
        // SAFETY: no other test reads or writes this variable.
        unsafe { std::env::set_var("LINGER_UNIT_TEST_ONLY", "from-env") };
        let (secret, found) = keyring.get("unit-test-only").unwrap();
        assert_eq!(secret.expose(), "from-env");
        assert_eq!(found, Found::Environment("LINGER_UNIT_TEST_ONLY".into()));
    }
}
