/**
 * Workflows: {@link io.swath.workflows.Task}s as plain Java records, submitted as jobs through
 * {@link io.swath.workflows.WorkflowsClient#jobs()} and run by {@link io.swath.workflows.TaskRunner}s
 * on any number of machines. See docs/workflows.md.
 */
package io.swath.workflows;
