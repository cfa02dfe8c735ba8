/** HTTP resources of /v1 and their JSON representations. */
package dev.scalingar.gateway.rest;
