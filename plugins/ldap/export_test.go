package ldap

// SettingKeys are the settings Parse reads, for the tests.
var SettingKeys = settingKeys
