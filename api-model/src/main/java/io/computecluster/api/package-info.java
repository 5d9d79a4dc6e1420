/**
 * The JSON answers of the master's HTTP API, as records: the master writes them and the client
 * reads them, so the two cannot drift apart. Field order is the order of the record components,
 * which is the order on the wire. Only Jackson's annotations are used here (no Pekko, no
 * databind), and every record ignores fields it does not know, so that an older client reads a
 * newer master's answers.
 */
package io.computecluster.api;
