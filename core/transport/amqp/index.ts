export { createAmqpEdgeTransport, AmqpEdgeTransport, HeldEventsOverflowError, type AmqpEdgeTransportOptions } from './edgeTransport.js';
export { createAmqpBackendTransport, AmqpBackendTransport, type AmqpBackendTransportOptions } from './backendTransport.js';
export { DEFAULT_AMQP_URL, DEFAULT_PREFIX, requestQueueName, edgesExchangeName, deadLetterQueueName, shardOf, type TopologyOptions } from './topology.js';
export { maskUrl } from './connector.js';
