package dev.scalingar.gateway.view;

/**
 * Told once per job when it has finished and its request is known (the webhook needs the request's
 * URL; after a restart the two may arrive in either order, from two topics).
 */
public interface TerminalHandler {

  void onTerminal(JobSnapshot job);
}
