//! `user …`: the marketers' dashboard accounts.

use std::io::{BufRead, IsTerminal, Write};

use clap::{Args, Subcommand};

use super::error::CommandError;
use crate::clock::{format_timestamp, Clock};
use crate::password::{check_password_strength, check_username, PasswordHashing};
use crate::store::{Store, StoreError};

/// `user …`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account.
    Add(PasswordArgs),
    /// Delete an account and end its sessions.
    Remove {
        /// The user name.
        name: String,
    },
    /// List the accounts.
    List,
    /// Set a new password and end the account's sessions.
    Passwd(PasswordArgs),
}

/// An account name and where its password comes from.
#[derive(Debug, Args)]
pub struct PasswordArgs {
    /// The user name (letters, digits, '.', '_', '-', '@').
    pub name: String,
    /// Read the password from the first line of standard input instead of prompting.
    #[arg(long)]
    pub password_stdin: bool,
}

/// Runs a `user` command.
pub async fn run(store: &Store, command: UserCommand) -> Result<(), CommandError> {
    let now = Clock::system().now_ms();
    match command {
        UserCommand::Add(args) => {
            check_username(&args.name).map_err(CommandError)?;
            let password = read_new_password(&args)?;
            let hash = hash_password(password).await?;
            match store.create_user(&args.name, &hash, now).await {
                Err(StoreError::Conflict(_)) => Err(CommandError(format!(
                    "the user {} exists already",
                    args.name
                ))),
                other => {
                    other?;
                    eprintln!("created the user {}", args.name);
                    Ok(())
                }
            }
        }
        UserCommand::Passwd(args) => {
            let password = read_new_password(&args)?;
            let hash = hash_password(password).await?;
            if store.set_password(&args.name, &hash).await? {
                eprintln!(
                    "changed the password of {} and ended its sessions",
                    args.name
                );
                Ok(())
            } else {
                Err(CommandError(format!("there is no user {}", args.name)))
            }
        }
        UserCommand::Remove { name } => {
            if store.delete_user(&name).await? {
                eprintln!("removed the user {name}");
                Ok(())
            } else {
                Err(CommandError(format!("there is no user {name}")))
            }
        }
        UserCommand::List => {
            let users = store.list_users(now).await?;
            if users.is_empty() {
                // Nothing on standard output, so scripts can test for "no accounts yet".
                eprintln!("no accounts yet: create one with `user add NAME`");
                return Ok(());
            }
            let mut out = std::io::stdout().lock();
            writeln!(out, "user\tcreated\tactive sessions")?;
            for user in users {
                writeln!(
                    out,
                    "{}\t{}\t{}",
                    user.username,
                    format_timestamp(user.created_at_ms),
                    user.active_sessions
                )?;
            }
            Ok(())
        }
    }
}

async fn hash_password(password: String) -> Result<String, CommandError> {
    tokio::task::spawn_blocking(move || PasswordHashing::standard().hash(&password))
        .await
        .map_err(|e| CommandError(e.to_string()))?
        .map_err(CommandError)
}

/// The new password: the first line of standard input (`--password-stdin`), or typed twice at
/// a prompt that does not echo. Weak passwords are refused.
fn read_new_password(args: &PasswordArgs) -> Result<String, CommandError> {
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    new_password(args, &mut stdin.lock(), terminal)
}

/// [`read_new_password`] with its standard input given.
fn new_password(
    args: &PasswordArgs,
    input: &mut impl BufRead,
    terminal: bool,
) -> Result<String, CommandError> {
    let password = if args.password_stdin {
        let mut line = String::new();
        input.read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else {
        if !terminal {
            return Err(CommandError(
                "no terminal to prompt on: pass --password-stdin and pipe the password".to_owned(),
            ));
        }
        let first = rpassword::prompt_password(format!("New password for {}: ", args.name))?;
        let second = rpassword::prompt_password("Repeat it: ")?;
        if first != second {
            return Err(CommandError("the two passwords differ".to_owned()));
        }
        first
    };
    check_password_strength(&args.name, &password).map_err(CommandError)?;
    Ok(password)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_stdin(name: &str) -> PasswordArgs {
        PasswordArgs {
            name: name.to_owned(),
            password_stdin: true,
        }
    }

    #[test]
    fn the_password_is_the_first_line_of_standard_input_and_must_be_strong() {
        let mut input = "correct horse battery\r\nsecond line\n".as_bytes();
        assert_eq!(
            new_password(&from_stdin("anna"), &mut input, false).unwrap(),
            "correct horse battery"
        );
        let error = new_password(
            &from_stdin("anna"),
            &mut "password123456\n".as_bytes(),
            false,
        )
        .unwrap_err();
        assert!(error.0.contains("too easy to guess"), "{error}");
        let error = new_password(&from_stdin("anna"), &mut "".as_bytes(), false).unwrap_err();
        assert!(error.0.contains("too short"), "{error}");
    }

    #[test]
    fn without_password_stdin_or_a_terminal_nothing_is_read() {
        let args = PasswordArgs {
            name: "anna".to_owned(),
            password_stdin: false,
        };
        let error =
            new_password(&args, &mut "correct horse battery\n".as_bytes(), false).unwrap_err();
        assert!(error.0.contains("--password-stdin"), "{error}");
    }
}
