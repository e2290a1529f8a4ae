import { Alert, Button } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';

/** Props: what to render, and a key that resets the boundary when it changes (e.g. the open file). */
export interface ErrorBoundaryProps {
  children: ReactNode;
  resetKey?: unknown;
  /** What failed, for the message (default "This view"). */
  what?: string;
}

interface State {
  error: Error | null;
  key: unknown;
}

/** Keeps a rendering failure inside its panel: a message and a retry, never a blank window. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, State> {
  override state: State = { error: null, key: undefined };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: ErrorBoundaryProps, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { key: props.resetKey, error: null } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Component stacks carry no patient data; the message may, so only its name goes to the console.
    console.error(`render failure in ${this.props.what ?? 'view'}: ${error.name}`, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Alert color="red" title={`${this.props.what ?? 'This view'} could not be displayed`} data-testid="render-error">
        {this.state.error.message}
        <div>
          <Button size="xs" mt="xs" variant="light" onClick={() => this.setState({ error: null })}>
            Try again
          </Button>
        </div>
      </Alert>
    );
  }
}
