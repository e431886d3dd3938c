//! eMRTD data groups.
