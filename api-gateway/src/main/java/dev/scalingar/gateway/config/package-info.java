/** Typed configuration ({@code gateway.*}), one interface with documented defaults. */
package dev.scalingar.gateway.config;
