package relaciona

// Version is the SDK's release version.
const Version = "0.1.0-dev"
