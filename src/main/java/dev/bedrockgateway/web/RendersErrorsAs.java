package dev.bedrockgateway.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Names the error shape of a controller or of one of its handler methods (see {@link ErrorDialect}). */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface RendersErrorsAs {
    ErrorDialect value();
}
