/** The RabbitMQ Docker helper: find a Docker engine, run a managed RabbitMQ container, wait for AMQP. */
export * from './timeBox.js';
export * from './dockerEngine.js';
export * from './amqpReady.js';
export * from './rabbitContainer.js';
export * from './brokerJobs.js';
