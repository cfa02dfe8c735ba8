/**
 * The browser pages at /ui: static shells whose scripts read everything through the /v1 API with
 * the caller's key.
 */
package dev.scalingar.gateway.ui;
