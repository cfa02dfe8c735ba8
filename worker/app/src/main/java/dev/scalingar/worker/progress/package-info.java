/** What a running job's progress events carry, and how often they may be sent. */
package dev.scalingar.worker.progress;
