/** RFC 9457 problem details: every error the gateway answers, and the mappers that guarantee it. */
package dev.scalingar.gateway.problem;
