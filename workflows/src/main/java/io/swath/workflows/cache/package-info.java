/** Job caches: a key → bytes store with groups, shared by the tasks of a job, in memory, on a file system or in S3. */
package io.swath.workflows.cache;
