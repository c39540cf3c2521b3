/**
 * cloudtask's engine. Knows nothing of SSH, clouds, picocli or Jenkins: those plug in through
 * {@link org.cloudtask.core.worker.Transport} and {@link org.cloudtask.core.provision.Provisioner}.
 */
package org.cloudtask.core;
