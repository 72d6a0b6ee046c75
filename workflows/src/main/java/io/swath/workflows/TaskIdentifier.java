package io.swath.workflows;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stable identity of a {@link Task} class: a name and a {@code vMAJOR.MINOR} version.
 * Without it a task is named by its simple class name at version {@code v0.0}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TaskIdentifier {
  /** The task name, e.g. {@code landsat.FetchMonth}; unique among the tasks of a cluster. */
  String name();

  /** {@code vMAJOR.MINOR}, e.g. {@code v1.2}. */
  String version() default "v0.0";
}
