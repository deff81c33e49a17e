//! The API key and its JWT: a key that cannot sign is refused with a clear error before any
//! request; the token has Apple's header and claims and verifies with the key's public half.

use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use secrecy::SecretString;
use serde_json::Value;
use shotbridge::asc::{ApiKey, Credentials, KeyError};
use wiremock::MockServer;

use super::support::{ISSUER_ID, KEY_ID, bearer_tokens, key, pem};

fn load(pem_text: &str) -> Result<ApiKey, KeyError> {
    ApiKey::new(ISSUER_ID, KEY_ID, &SecretString::from(pem_text.to_owned()))
}

#[test]
fn keys_that_cannot_sign_are_refused_with_what_to_do() {
    let cases = [
        (
            "-----BEGIN PRIVATE KEY-----\nnot base64 at all!\n-----END PRIVATE KEY-----\n"
                .to_owned(),
            "PEM",
        ),
        ("just some text".to_owned(), "PEM"),
        (pem("p256-sec1.pem"), "PKCS#8"),
        (pem("rsa.p8"), "P-256"),
        (pem("p384.p8"), "P-256"),
    ];
    for (text, words) in cases {
        let error = load(&text).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains(words) || message.contains(".p8"),
            "{message}"
        );
        for line in text
            .lines()
            .filter(|l| !l.starts_with("-----") && l.len() > 8)
        {
            assert!(!message.contains(line), "the key leaked into: {message}");
        }
    }
    assert_eq!(load(&pem("p256-sec1.pem")).unwrap_err(), KeyError::NotPkcs8);
    assert_eq!(load(&pem("rsa.p8")).unwrap_err(), KeyError::NotP256);
    assert_eq!(load(&pem("p384.p8")).unwrap_err(), KeyError::NotP256);
    assert!(matches!(
        ApiKey::new("not-a-uuid", KEY_ID, &SecretString::from(pem("p256.p8"))),
        Err(KeyError::IssuerId(_))
    ));
    assert!(matches!(
        ApiKey::new(ISSUER_ID, "bad id!", &SecretString::from(pem("p256.p8"))),
        Err(KeyError::KeyId(_))
    ));
}

#[test]
fn debug_output_never_shows_the_key() {
    let shown = format!("{:?}", key());
    assert!(
        shown.contains(KEY_ID) && shown.contains("redacted"),
        "{shown}"
    );
    let credentials = Credentials {
        issuer_id: ISSUER_ID.into(),
        key_id: KEY_ID.into(),
        private_key: SecretString::from(pem("p256.p8")),
    };
    assert!(!format!("{credentials:?}").contains("BEGIN"));
}

#[test]
fn the_token_has_apples_header_and_claims_and_verifies() {
    let now = SystemTime::now();
    let signed = key().sign(now).unwrap();
    let token = secrecy::ExposeSecret::expose_secret(&signed.token).to_owned();
    let header = jsonwebtoken::decode_header(&token).unwrap();
    assert_eq!(
        (header.alg, header.kid.as_deref(), header.typ.as_deref()),
        (Algorithm::ES256, Some(KEY_ID), Some("JWT"))
    );
    let public = DecodingKey::from_ec_pem(pem("p256.pub.pem").as_bytes()).unwrap();
    let mut validation = Validation::new(Algorithm::ES256);
    validation.set_audience(&["appstoreconnect-v1"]);
    validation.set_issuer(&[ISSUER_ID]);
    let claims: Value = jsonwebtoken::decode(&token, &public, &validation)
        .unwrap()
        .claims;
    let now = now.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let (iat, exp) = (
        claims["iat"].as_u64().unwrap(),
        claims["exp"].as_u64().unwrap(),
    );
    assert!(
        iat <= now - 30 && iat >= now - 120,
        "iat should be backdated about a minute"
    );
    assert!(
        exp > now && exp - iat <= 20 * 60,
        "lifetime must stay within Apple's 20 minutes"
    );
    assert_eq!(claims["aud"], "appstoreconnect-v1");
    assert_eq!(claims["iss"], ISSUER_ID);
    // A token signed by another key does not verify.
    let other = DecodingKey::from_ec_pem(pem("other.pub.pem").as_bytes()).unwrap();
    assert!(jsonwebtoken::decode::<Value>(&token, &other, &validation).is_err());
}

#[tokio::test]
async fn requests_carry_a_token_that_verifies() {
    use wiremock::matchers::method;
    let server = MockServer::start().await;
    wiremock::Mock::given(method("GET"))
        .respond_with(super::support::ok(
            serde_json::json!({"data": [], "links": {"self": "x"}}),
        ))
        .mount(&server)
        .await;
    super::support::client(&server).list_apps().await.unwrap();
    let token = bearer_tokens(&server.received_requests().await.unwrap()).remove(0);
    let public = DecodingKey::from_ec_pem(pem("p256.pub.pem").as_bytes()).unwrap();
    let mut validation = Validation::new(Algorithm::ES256);
    validation.set_audience(&["appstoreconnect-v1"]);
    assert!(jsonwebtoken::decode::<Value>(&token, &public, &validation).is_ok());
}
