import Switchboard

extension ProviderKind {
    /// A configuration of this kind for commands that take one credential on the command line
    /// (`conformance --token`, the demo, `capabilities`): `credential` fills every required secret
    /// string key (the kind's credential), `webhookSecret` its `webhookSecret` key where it declares one.
    func configuration(name: String, baseURL: String, credential: String, webhookSecret: String?) -> ProviderConfiguration {
        var configuration = ProviderConfiguration(name: name, kind: self.name, baseURL: baseURL, instances: [])
        for key in keys where key.type == .string {
            if key.name == "webhookSecret" {
                configuration[key.name] = webhookSecret.map(ConfigurationValue.string)
            } else if key.isRequired && key.isSecret {
                configuration[key.name] = .string(credential)
            }
        }
        return configuration
    }
}
