/** Short-lived signed tokens that let a browser's EventSource open one job's event stream. */
package dev.scalingar.gateway.stream;
