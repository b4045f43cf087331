"""batch jobs, their chunks and items (service/batch/progress/models.py)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('batch_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('runner', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('failed', sa.Integer(), nullable=False),
    sa.Column('rate', sa.Float(), nullable=True),
    sa.Column('eta_seconds', sa.Float(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('output', sa.String(length=500), nullable=True),
    sa.Column('output_size', sa.BigInteger(), nullable=True),
    sa.Column('output_sha256', sa.String(length=64), nullable=True),
    sa.Column('owner', sa.String(length=100), nullable=True),
    sa.Column('lease_until', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_batch_jobs'))
    )
    with op.batch_alter_table('batch_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_batch_jobs_organization_id'), ['organization_id'], unique=False)

    op.create_table('batch_chunks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('owner', sa.String(length=100), nullable=True),
    sa.Column('lease_until', sa.DateTime(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('fragment', sa.String(length=300), nullable=True),
    sa.Column('fragment_size', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['job_id'], ['batch_jobs.id'], name=op.f('fk_batch_chunks_job_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_batch_chunks'))
    )
    with op.batch_alter_table('batch_chunks', schema=None) as batch_op:
        batch_op.create_index('ix_batch_chunks_job_id_seq', ['job_id', 'seq'], unique=True)

    op.create_table('batch_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('chunk_id', sa.Integer(), nullable=True),
    sa.Column('cell', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=50), nullable=False),
    sa.Column('member', sa.String(length=300), nullable=True),
    sa.Column('form', sa.String(length=20), nullable=True),
    sa.Column('prefix', sa.String(length=1000), nullable=False),
    sa.Column('path', sa.String(length=1000), nullable=True),
    sa.Column('input', sa.JSON(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('size', sa.BigInteger(), nullable=True),
    sa.Column('crc32', sa.BigInteger(), nullable=True),
    sa.Column('offset', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['chunk_id'], ['batch_chunks.id'], name=op.f('fk_batch_items_chunk_id'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['job_id'], ['batch_jobs.id'], name=op.f('fk_batch_items_job_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_batch_items'))
    )
    with op.batch_alter_table('batch_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_batch_items_chunk_id'), ['chunk_id'], unique=False)
        batch_op.create_index('ix_batch_items_job_id_cell_position', ['job_id', 'cell', 'position'], unique=False)


def downgrade() -> None:
    op.drop_table('batch_items')
    op.drop_table('batch_chunks')
    op.drop_table('batch_jobs')
