-- A queued deployment that a newer one makes pointless (a newer version, a rollback, a delete) never runs.
ALTER TYPE "DeploymentStatus" ADD VALUE 'SUPERSEDED';
