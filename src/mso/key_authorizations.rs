//! Constructors of [`KeyAuthorizations`]: what the device key may sign.

use alloc::string::String;
use alloc::vec::Vec;

use super::KeyAuthorizations;

impl KeyAuthorizations {
    /// Authorizes the device key to sign every element of `name_spaces`.
    ///
    /// ```
    /// use iso18013::mso::KeyAuthorizations;
    /// let auth = KeyAuthorizations::for_name_spaces(["org.example.wallet"]);
    /// assert_eq!(auth.name_spaces, Some(vec!["org.example.wallet".to_string()]));
    /// assert_eq!(auth.data_elements, None);
    /// ```
    pub fn for_name_spaces<'a>(name_spaces: impl IntoIterator<Item = &'a str>) -> Self {
        let mut list: Vec<String> = Vec::new();
        for name_space in name_spaces {
            if !list.iter().any(|n| n == name_space) {
                list.push(String::from(name_space));
            }
        }
        Self {
            name_spaces: (!list.is_empty()).then_some(list),
            ..Self::default()
        }
    }

    /// Authorizes the device key to sign the `(namespace, element)` pairs given.
    ///
    /// ```
    /// use iso18013::doctype::mdl;
    /// use iso18013::mso::KeyAuthorizations;
    /// let auth = KeyAuthorizations::for_elements([(mdl::NAME_SPACE, "given_name")]);
    /// let elements = auth.data_elements.unwrap();
    /// assert_eq!(elements.get(mdl::NAME_SPACE), Some(&vec!["given_name".to_string()]));
    /// ```
    pub fn for_elements<'a>(elements: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let data_elements: crate::cbor::NameSpaces<Vec<String>> = elements.into_iter().collect();
        Self {
            data_elements: (!data_elements.is_empty()).then_some(data_elements),
            ..Self::default()
        }
    }
}
