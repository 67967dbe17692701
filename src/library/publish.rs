//! Publishing in the facade: the front ends hand over what to publish,
//! and the library fills in the limits from the person's settings.

use crate::publish::{PublishError, PublishOptions, PublishReport};

/// Publishes lesson packs as a static site (see [`crate::publish`]). A
/// `limit` of 0 is the `[sync] max_download_mb` setting, the limit an
/// import puts on a pack.
pub fn publish(mut options: PublishOptions) -> Result<PublishReport, PublishError> {
    if options.limit == 0 {
        let config = match crate::paths::Paths::from_env() {
            Ok(paths) => super::load_config(&paths).sync,
            Err(_) => Default::default(),
        };
        options.limit = config.max_download_mb.saturating_mul(1024 * 1024);
    }
    crate::publish::publish(&options)
}
