/**
 * The session report: a read-only view of a session directory ({@link org.cloudtask.core.report.SessionReport}) and
 * its renderers, text ({@link org.cloudtask.core.report.TextReport}) and self-contained HTML
 * ({@link org.cloudtask.core.report.HtmlReport}), shared by the command line and the Jenkins plugin. Reading never
 * takes the session's lock and never writes into the session, so it is safe on a session that is running or crashed.
 */
package org.cloudtask.core.report;
