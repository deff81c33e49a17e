//! The contract checker itself must catch what breaks Apple's document, or the other tests'
//! contract checks would prove nothing.

use url::Url;

use super::contract::Contract;

fn check(method: &str, url: &str, body: &str) -> Result<(), String> {
    Contract::load().check(method, &Url::parse(url).unwrap(), body.as_bytes())
}

#[test]
fn documented_requests_pass() {
    assert_eq!(
        check(
            "GET",
            "https://h/v1/apps?filter[bundleId]=com.a&limit=200&fields[apps]=name,bundleId",
            ""
        ),
        Ok(())
    );
    let order = r#"{"data":[{"type":"appScreenshots","id":"a"}]}"#;
    assert_eq!(
        check(
            "PATCH",
            "https://h/v1/appScreenshotSets/1/relationships/appScreenshots",
            order
        ),
        Ok(())
    );
}

#[test]
fn undocumented_parameters_values_paths_and_bodies_fail() {
    assert!(check("GET", "https://h/v1/apps?filter[colour]=red", "").is_err());
    assert!(check("GET", "https://h/v1/apps?limit=201", "").is_err());
    assert!(
        check("GET", "https://h/v1/apps?limit=20&limit=30", "").is_err(),
        "a parameter sent twice leaves it to the server which one counts"
    );
    assert!(
        check(
            "GET",
            "https://h/v1/apps/1/appStoreVersions?filter[platform]=ANDROID",
            ""
        )
        .is_err()
    );
    assert!(check("GET", "https://h/v1/apps?fields[apps]=name,colour", "").is_err());
    assert!(check("GET", "https://h/v1/screenshots", "").is_err());
    assert!(check("PUT", "https://h/v1/appScreenshots/1", "{}").is_err());
    // The reservation needs fileName, fileSize and the set relationship.
    let missing_size = r#"{"data":{"type":"appScreenshots","attributes":{"fileName":"a.png"},"relationships":{"appScreenshotSet":{"data":{"type":"appScreenshotSets","id":"1"}}}}}"#;
    assert!(check("POST", "https://h/v1/appScreenshots", missing_size).is_err());
    let wrong_type = r#"{"data":{"type":"appScreenshotSets","attributes":{"screenshotDisplayType":"APP_IPHONE_69"},"relationships":{"appStoreVersionLocalization":{"data":{"type":"appStoreVersionLocalizations","id":"1"}}}}}"#;
    assert!(
        check("POST", "https://h/v1/appScreenshotSets", wrong_type).is_err(),
        "APP_IPHONE_69 is not in Apple's enum"
    );
}

#[test]
fn the_response_shape_check_takes_apple_s_example_and_refuses_invented_shapes() {
    // Apple's example reservation (Uploading Assets to App Store Connect), shortened.
    let mut reservation = serde_json::json!({"data": {"type": "appScreenshots", "id": "shot-1",
        "attributes": {"fileSize": 11097, "fileName": "my_screenshot.png", "sourceFileChecksum": null,
            "imageAsset": null, "assetToken": "PurpleSource/v4/x/my_screenshot.png", "assetType": "SCREENSHOT",
            "uploadOperations": [{"method": "PUT", "url": "https://store-030.blobstore.apple.com/x?partNumber=1",
                "length": 11097, "offset": 0, "requestHeaders": [{"name": "Content-Type", "value": "image/png"}]}],
            "assetDeliveryState": {"errors": [], "warnings": [], "state": "AWAITING_UPLOAD"}},
        "links": {"self": "https://api.appstoreconnect.apple.com/v1/appScreenshots/shot-1"}},
        "links": {"self": "https://api.appstoreconnect.apple.com/v1/appScreenshots"}});
    super::contract::assert_apple_shaped("AppScreenshotResponse", &reservation);
    reservation["data"]["attributes"]["assetDeliveryState"]["state"] = "DONE".into();
    let refused = std::panic::catch_unwind(|| {
        super::contract::assert_apple_shaped("AppScreenshotResponse", &reservation);
    });
    assert!(refused.is_err(), "DONE is not one of Apple's asset states");
    let error_without_title =
        serde_json::json!({"errors": [{"status": "409", "code": "STATE_ERROR"}]});
    let refused = std::panic::catch_unwind(|| {
        super::contract::assert_apple_shaped("ErrorResponse", &error_without_title);
    });
    assert!(refused.is_err(), "Apple's errors always carry a title");
}
