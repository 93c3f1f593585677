//! The organization's time zone: the default a country implies, and the
//! closest IANA name to a misspelt one. A country that keeps several times
//! (the US, Canada, Brazil, Australia) implies none: UTC then, until
//! `organization.time_zone` says which.

use chrono_tz::Tz;

/// The zone every part of `country` (ISO 3166-1 alpha-2) keeps, for the
/// countries whose holidays linger knows and that keep one time.
pub fn of_country(country: &str) -> Option<Tz> {
    Some(match country {
        "NO" => chrono_tz::Europe::Oslo,
        "DE" => chrono_tz::Europe::Berlin,
        "GB" => chrono_tz::Europe::London,
        "IE" => chrono_tz::Europe::Dublin,
        "FR" => chrono_tz::Europe::Paris,
        "NL" => chrono_tz::Europe::Amsterdam,
        "SE" => chrono_tz::Europe::Stockholm,
        "DK" => chrono_tz::Europe::Copenhagen,
        _ => return None,
    })
}

/// The IANA name closest to `name`, for "did you mean …?".
pub fn closest(name: &str) -> Option<&'static str> {
    crate::suggest::closest(name, chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_country_of_one_time_implies_its_zone_and_others_none() {
        assert_eq!(of_country("NO"), Some(chrono_tz::Europe::Oslo));
        assert_eq!(of_country("US"), None);
        assert_eq!(closest("Europe/Olso"), Some("Europe/Oslo"));
    }
}
