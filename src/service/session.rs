//! Review-page sessions and CSRF tokens, signed with the API keys.
//!
//! Input: an API key presented once at `POST /login`; then the `rp_session`
//! cookie and the `csrf` form field on each request. Output: the session
//! cookie value, the actor name for the audit log (`key:<fingerprint>`), and
//! verdicts. Stateless and shared by replicas: a session is
//! `v1.<key fingerprint>.<expiry>.<HMAC-SHA256(key, …)>`, so it needs no
//! table and dies with its key (rotate a key and its sessions end). The CSRF
//! token is an HMAC of the session under the same key; checks are constant
//! time (`hmac`'s `verify_slice`). With no API keys configured the API is
//! open, and so is the page: sessions are signed with a per-process secret.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The cookie's name.
pub const COOKIE: &str = "rp_session";
/// How long a session lasts.
pub const LIFETIME_SECS: i64 = 8 * 3600;

/// Signs and checks sessions.
pub struct Sessions {
    /// (fingerprint, key bytes) per configured key, or one per-process
    /// secret when the API is open.
    keys: Vec<(String, Vec<u8>)>,
    open: bool,
}

/// A key's public fingerprint: the first 4 bytes of its SHA-256, in hex
/// (the same as the API's `key:<fp>` actor).
pub fn fingerprint(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn mac(key: &[u8], msg: &str) -> Option<HmacSha256> {
    let mut m = HmacSha256::new_from_slice(key).ok()?;
    m.update(msg.as_bytes());
    Some(m)
}

impl Sessions {
    pub fn new(api_keys: &[String]) -> Sessions {
        if api_keys.is_empty() {
            let secret: Vec<u8> = (0..32).map(|_| fastrand::u8(..)).collect();
            return Sessions {
                keys: vec![("open".into(), secret)],
                open: true,
            };
        }
        Sessions {
            keys: api_keys
                .iter()
                .map(|k| (fingerprint(k), k.as_bytes().to_vec()))
                .collect(),
            open: false,
        }
    }

    /// A session for a presented key (None: not a valid key).
    pub fn login(&self, presented: &str, now: i64) -> Option<String> {
        let (fp, key): (&String, &Vec<u8>) = if self.open {
            let (fp, key) = self.keys.first()?;
            (fp, key)
        } else {
            let fp = fingerprint(presented.trim());
            let (fp, key) = self.keys.iter().find(|(f, _)| *f == fp)?;
            // The fingerprint only picks the candidate key; the comparison
            // itself is an HMAC check (constant time).
            let probe = mac(key, "login")?;
            probe
                .verify_slice(
                    &mac(presented.trim().as_bytes(), "login")?
                        .finalize()
                        .into_bytes(),
                )
                .ok()?;
            (fp, key)
        };
        let body = format!("v1.{fp}.{}", now + LIFETIME_SECS);
        let sig = B64.encode(mac(key, &body)?.finalize().into_bytes());
        Some(format!("{body}.{sig}"))
    }

    /// The actor of a valid, unexpired session.
    pub fn check(&self, session: &str, now: i64) -> Option<String> {
        let (body, sig) = session.rsplit_once('.')?;
        let mut parts = body.split('.');
        let (v, fp, expiry) = (parts.next()?, parts.next()?, parts.next()?);
        if v != "v1" || parts.next().is_some() || expiry.parse::<i64>().ok()? <= now {
            return None;
        }
        let (_, key) = self.keys.iter().find(|(f, _)| f == fp)?;
        mac(key, body)?.verify_slice(&B64.decode(sig).ok()?).ok()?;
        Some(if self.open {
            "reviewer".into()
        } else {
            format!("key:{fp}")
        })
    }

    /// The CSRF token that goes with a session.
    pub fn csrf(&self, session: &str) -> String {
        self.csrf_mac(session)
            .map(|m| B64.encode(m.finalize().into_bytes()))
            .unwrap_or_default()
    }

    /// Whether `token` is the session's CSRF token (constant time).
    pub fn csrf_ok(&self, session: &str, token: &str) -> bool {
        match (self.csrf_mac(session), B64.decode(token.trim())) {
            (Some(m), Ok(t)) => m.verify_slice(&t).is_ok(),
            _ => false,
        }
    }

    fn csrf_mac(&self, session: &str) -> Option<HmacSha256> {
        let fp = session.split('.').nth(1)?;
        let (_, key) = self.keys.iter().find(|(f, _)| f == fp)?;
        mac(key, &format!("csrf.{session}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_and_csrf() {
        let s = Sessions::new(&["alpha-key".into(), "beta-key".into()]);
        assert!(s.login("wrong", 100).is_none());
        let sess = s.login("beta-key", 100).unwrap_or_default();
        assert_eq!(
            s.check(&sess, 200),
            Some(format!("key:{}", fingerprint("beta-key")))
        );
        // Expired, tampered, signed by another key.
        assert_eq!(s.check(&sess, 100 + LIFETIME_SECS + 1), None);
        assert_eq!(s.check(&sess.replace("v1.", "v2."), 200), None);
        let other = Sessions::new(&["beta-key-rotated".into()]);
        assert_eq!(other.check(&sess, 200), None);
        let t = s.csrf(&sess);
        assert!(s.csrf_ok(&sess, &t));
        assert!(!s.csrf_ok(&sess, "AAAA"));
        assert!(!s.csrf_ok(&sess, ""));
        let sess2 = s.login("alpha-key", 100).unwrap_or_default();
        assert!(!s.csrf_ok(&sess2, &t), "a token is bound to its session");
    }

    #[test]
    fn open_api_sessions() {
        let s = Sessions::new(&[]);
        let sess = s.login("anything", 0).unwrap_or_default();
        assert_eq!(s.check(&sess, 1).as_deref(), Some("reviewer"));
    }
}
