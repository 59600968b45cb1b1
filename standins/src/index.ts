export * from './national-id';
export * from './certification-authority';
