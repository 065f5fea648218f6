package dev.bedrockgateway.config;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * Reads the configuration file again and binds {@code gateway.*} as at start-up, with the file's new content in
 * place of its old one: the environment, system properties and arguments still win over it.
 */
@Component
public class GatewaySettingsReader {

    private final ConfigurableEnvironment environment;
    private final Resource file;

    public GatewaySettingsReader(ConfigurableEnvironment environment) {
        this.environment = environment;
        this.file = GatewayConfigFile.locate(environment);
    }

    /** The file the settings come from. */
    public Resource file() {
        return file;
    }

    /** The file's content now. */
    public byte[] content() {
        return GatewayConfigFile.read(file);
    }

    /**
     * The settings with this content as the file's.
     *
     * @throws InvalidConfigurationException naming the key, when the content is not YAML or a value does not bind
     */
    public GatewayProperties bind(byte[] content) {
        MutablePropertySources sources = new MutablePropertySources(environment.getPropertySources());
        sources.remove("configurationProperties"); // Spring's view of all the others, attached to the environment
        PropertySource<?> fresh = GatewayConfigFile.parse(file, content);
        if (sources.contains(GatewayConfigFile.PROPERTY_SOURCE)) {
            sources.replace(GatewayConfigFile.PROPERTY_SOURCE, fresh);
        } else {
            sources.addLast(fresh);
        }
        Binder binder = new Binder(ConfigurationPropertySources.from(sources),
                new PropertySourcesPlaceholdersResolver(sources), ApplicationConversionService.getSharedInstance());
        try {
            return binder.bindOrCreate("gateway", Bindable.of(GatewayProperties.class));
        } catch (BindException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new InvalidConfigurationException(e.getName().toString(),
                    e.getProperty() != null ? e.getProperty().getValue() : null, cause.getMessage());
        }
    }
}
